/** Entry point of the analysis worker thread: collects a diff's parts and answers `end` with one `AnalysisReply`. */
import { parentPort } from 'node:worker_threads';
import { AnalyzerConfigError } from '../../analysis/config.js';
import { analyzeDiffText, type AnalysisReply, type AnalysisRequest } from './analyze-diff-text.js';

const parts = new Map<number, string[]>();

parentPort?.on('message', (request: AnalysisRequest) => {
  const { id } = request;
  if ('part' in request) {
    const received = parts.get(id);
    if (received) received.push(request.part);
    else parts.set(id, [request.part]);
    return;
  }
  const diff = (parts.get(id) ?? []).join('');
  parts.delete(id);
  if ('cancel' in request) return;
  let reply: AnalysisReply;
  try {
    reply = { id, result: analyzeDiffText(diff, request.config) };
  } catch (error) {
    reply = error instanceof AnalyzerConfigError ? { id, invalidConfig: error.message } : { id, error: String(error instanceof Error ? error.stack : error) };
  }
  parentPort?.postMessage(reply);
});

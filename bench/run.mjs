// `npm run bench`: every benchmark, printed as tables with ratios against a baseline measured in the same run.
import { benchEngine } from './engine-overhead.mjs';
import { benchReview } from './review.mjs';
import { benchReviewThroughput } from './review-throughput.mjs';
import { benchWebhookIngest } from './webhook-ingest.mjs';
import { benchLlmPacking } from './llm-packing.mjs';
import { benchReviewPrecision } from './review-precision.mjs';
import { benchSlackAck } from './slack-ack.mjs';
import { benchDistributed } from './distributed.mjs';

const only = process.argv[2];
if (!only || only === 'engine') await benchEngine();
if (!only || only === 'review') await benchReview();
if (!only || only === 'review' || only === 'throughput') await benchReviewThroughput();
if (!only || only === 'llm') await benchLlmPacking();
if (!only || only === 'precision') await benchReviewPrecision();
if (!only || only === 'webhook') await benchWebhookIngest();
if (!only || only === 'slack') await benchSlackAck();
if (!only || only === 'distributed') await benchDistributed();

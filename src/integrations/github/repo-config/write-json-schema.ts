import { fileURLToPath } from 'node:url';
import { writeJsonSchemas } from '../../../engine/loader/write-json-schema.js';
import { repoConfigJsonSchema } from './repo-config-json-schema.js';

// `npx tsx src/integrations/github/repo-config/write-json-schema.ts` regenerates the committed
// `schema/repo-config.schema.json` (run it from the repository root); the workflow schema's is `src/workflow-json-schema.ts`.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeJsonSchemas([repoConfigJsonSchema]);
}

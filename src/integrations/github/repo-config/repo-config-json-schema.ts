import { jsonSchemaText, type GeneratedJsonSchema } from '../../../engine/loader/write-json-schema.js';
import { repoConfigSchema } from './repo-config.js';

/**
 * `schema/repo-config.schema.json`: lets editors validate `.github/agentic-sdlc.yml` as users type. Generated
 * from `repoConfigSchema` by `npx tsx src/integrations/github/repo-config/write-json-schema.ts`; a test keeps the two equal.
 */
export const repoConfigJsonSchema: GeneratedJsonSchema = {
  path: 'schema/repo-config.schema.json',
  text: () =>
    jsonSchemaText(repoConfigSchema, ({ $schema, type, properties, ...rest }) => ({
      $schema,
      title: 'agentic-sdlc repository configuration (.github/agentic-sdlc.yml)',
      description: 'Read from the default branch. Mistakes are reported on the pull request or issue with file:line:col, and nothing runs until they are fixed.',
      type,
      properties: {
        // Probot's config loader follows and removes `_extends` before the file is validated, so zod never sees it.
        _extends: {
          type: 'string',
          minLength: 1,
          description: 'Start from another file: `<repo>` (its .github/agentic-sdlc.yml, in this owner) or `<owner>/<repo>:<path>`.',
        },
        ...(properties as Record<string, unknown>),
      },
      ...rest,
    })),
};

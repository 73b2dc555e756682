export { WorkflowValidationError, formatProblem, type WorkflowProblem } from './errors.js';
export { loadWorkflowDir, loadWorkflowFile, parseWorkflow, type LoadOptions } from './load-workflow.js';
export { workflowSchemaFor, type WorkflowYaml } from './schema.js';

/**
 * The shared value lists of every enum-like column. Each list is used twice: as the
 * column's TypeScript type and as the CHECK constraint that makes D1 itself reject a
 * value outside it (see `enumColumn` and `oneOf` in columns.ts).
 */

export const agentStatuses = ['discovered', 'confirmed', 'archived'] as const;
export const agentVersionSources = ['discovered', 'manual', 'ai_improved'] as const;
export const agentVersionStatuses = ['candidate', 'active', 'rejected', 'archived'] as const;
export const functionTypes = ['template_extractor', 'template_injector', 'eval'] as const;
export const functionStatuses = ['active', 'archived', 'failed'] as const;
export const agentFunctionRoles = ['extractor', 'injector'] as const;

export const toolCategories = ['general', 'code', 'filesystem', 'email'] as const;

/** Where traces come from: an integration's platform is also a trace's source. */
export const tracePlatforms = ['langfuse', 'langsmith', 'openai', 'playground', 'taskset'] as const;
export const integrationStatuses = ['active', 'error', 'disabled'] as const;
export const traceAssignmentStatuses = ['unassigned', 'assigned', 'orphaned'] as const;

export const evalStatuses = ['draft', 'candidate', 'testing', 'active', 'archived'] as const;
export const evalCandidateStatuses = ['candidate', 'testing', 'active', 'archived'] as const;

export const feedbackRatings = ['positive', 'negative', 'neutral'] as const;
export const taskDifficulties = ['easy', 'medium', 'hard'] as const;

export const jobTypes = ['import', 'generate', 'execute', 'monitor', 'auto_refine', 'agent_discovery', 'taskset_run', 'gepa_run', 'rollout'] as const;
export const jobStatuses = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export const jobErrorCategories = [
  'transient_network',
  'transient_rate_limit',
  'transient_server',
  'transient_db_lock',
  'permanent_validation',
  'permanent_auth',
  'permanent_not_found',
  'permanent_security',
  'unknown',
] as const;

export const alertTypes = ['accuracy_drop', 'contradiction_spike', 'error_spike', 'prompt_drift', 'insufficient_data'] as const;
export const alertSeverities = ['info', 'warning', 'critical'] as const;
export const alertAutoActions = ['none', 'auto_refine_queued', 'auto_refine_completed', 'auto_refine_failed'] as const;

export const refinementTriggerTypes = ['manual', 'threshold', 'drift', 'scheduled'] as const;
export const refinementStatuses = ['pending', 'running', 'completed', 'failed', 'rejected', 'deployed'] as const;

/** LLM vendors: the model provider of a playground session or taskset run, and the source of a prompt best practice. */
export const modelProviders = ['anthropic', 'openai', 'google'] as const;
export const playgroundStepTypes = ['llm_call', 'tool_call', 'tool_result'] as const;
export const bestPracticeCategories = ['structure', 'clarity', 'safety', 'reasoning', 'general'] as const;

export const tasksetStatuses = ['active', 'archived'] as const;
export const tasksetTaskSources = ['trace', 'manual', 'imported'] as const;
export const tasksetRunStatuses = ['queued', 'running', 'completed', 'partial', 'failed', 'cancelled'] as const;
export const tasksetRunResultStatuses = ['pending', 'completed', 'failed', 'timeout'] as const;

export const gepaRunStatuses = ['pending', 'running', 'completed', 'failed', 'cancelled'] as const;
export const gepaSplits = ['train', 'val', 'test'] as const;

export const rolloutBatchStatuses = ['queued', 'running', 'completed', 'partial', 'failed'] as const;
export const rolloutResultStatuses = ['completed', 'failed', 'timeout'] as const;

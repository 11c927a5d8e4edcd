/**
 * The shared value lists of every enum-like column. Each list is used twice: as the
 * column's TypeScript type and as the CHECK constraint that makes D1 itself reject a
 * value outside it (see `enumColumn` and `oneOf` in columns.ts).
 */
export declare const agentStatuses: readonly ["discovered", "confirmed", "archived"];
export declare const agentVersionSources: readonly ["discovered", "manual", "ai_improved"];
export declare const agentVersionStatuses: readonly ["candidate", "active", "rejected", "archived"];
export declare const functionTypes: readonly ["template_extractor", "template_injector", "eval"];
export declare const functionStatuses: readonly ["active", "archived", "failed"];
export declare const agentFunctionRoles: readonly ["extractor", "injector"];
export declare const toolCategories: readonly ["general", "code", "filesystem", "email"];
/** Where traces come from: an integration's platform is also a trace's source. */
export declare const tracePlatforms: readonly ["langfuse", "langsmith", "openai", "playground", "taskset"];
export declare const integrationStatuses: readonly ["active", "error", "disabled"];
export declare const traceAssignmentStatuses: readonly ["unassigned", "assigned", "orphaned"];
export declare const evalStatuses: readonly ["draft", "candidate", "testing", "active", "archived"];
export declare const evalCandidateStatuses: readonly ["candidate", "testing", "active", "archived"];
export declare const feedbackRatings: readonly ["positive", "negative", "neutral"];
export declare const taskDifficulties: readonly ["easy", "medium", "hard"];
export declare const jobTypes: readonly ["import", "generate", "execute", "monitor", "auto_refine", "agent_discovery", "taskset_run", "gepa_run", "rollout"];
export declare const jobStatuses: readonly ["queued", "running", "completed", "failed", "cancelled"];
export declare const jobErrorCategories: readonly ["transient_network", "transient_rate_limit", "transient_server", "transient_db_lock", "permanent_validation", "permanent_auth", "permanent_not_found", "permanent_security", "unknown"];
export declare const alertTypes: readonly ["accuracy_drop", "contradiction_spike", "error_spike", "prompt_drift", "insufficient_data"];
export declare const alertSeverities: readonly ["info", "warning", "critical"];
export declare const alertAutoActions: readonly ["none", "auto_refine_queued", "auto_refine_completed", "auto_refine_failed"];
export declare const refinementTriggerTypes: readonly ["manual", "threshold", "drift", "scheduled"];
export declare const refinementStatuses: readonly ["pending", "running", "completed", "failed", "rejected", "deployed"];
/** LLM vendors: the model provider of a playground session or taskset run, and the source of a prompt best practice. */
export declare const modelProviders: readonly ["anthropic", "openai", "google"];
export declare const playgroundStepTypes: readonly ["llm_call", "tool_call", "tool_result"];
export declare const bestPracticeCategories: readonly ["structure", "clarity", "safety", "reasoning", "general"];
export declare const tasksetStatuses: readonly ["active", "archived"];
export declare const tasksetTaskSources: readonly ["trace", "manual", "imported"];
export declare const tasksetRunStatuses: readonly ["queued", "running", "completed", "partial", "failed", "cancelled"];
export declare const tasksetRunResultStatuses: readonly ["pending", "completed", "failed", "timeout"];
export declare const gepaRunStatuses: readonly ["pending", "running", "completed", "failed", "cancelled"];
export declare const gepaSplits: readonly ["train", "val", "test"];
export declare const rolloutBatchStatuses: readonly ["queued", "running", "completed", "partial", "failed"];
export declare const rolloutResultStatuses: readonly ["completed", "failed", "timeout"];

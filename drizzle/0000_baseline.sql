CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`name` text NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_workspaces_user_id` ON `workspaces` (`user_id`);--> statement-breakpoint
CREATE TABLE `agent_functions` (
	`agent_id` text NOT NULL,
	`function_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`agent_id`, `role`),
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`function_id`) REFERENCES `functions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_functions_role_check" CHECK("role" IN ('extractor', 'injector'))
);
--> statement-breakpoint
CREATE INDEX `idx_agent_functions_function_id` ON `agent_functions` (`function_id`);--> statement-breakpoint
CREATE TABLE `agent_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`version` integer NOT NULL,
	`prompt_template` text NOT NULL,
	`variables` text,
	`source` text NOT NULL,
	`parent_version_id` text,
	`accuracy` real,
	`status` text DEFAULT 'candidate' NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_versions_source_check" CHECK("source" IN ('discovered', 'manual', 'ai_improved')),
	CONSTRAINT "agent_versions_status_check" CHECK("status" IN ('candidate', 'active', 'rejected', 'archived'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_versions_agent_id_version_unique` ON `agent_versions` (`agent_id`,`version`);--> statement-breakpoint
CREATE INDEX `idx_agent_versions_status` ON `agent_versions` (`status`);--> statement-breakpoint
CREATE TABLE `agents` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'discovered' NOT NULL,
	`active_version_id` text,
	`active_eval_id` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agents_status_check" CHECK("status" IN ('discovered', 'confirmed', 'archived'))
);
--> statement-breakpoint
CREATE INDEX `idx_agents_workspace_id` ON `agents` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `idx_agents_status` ON `agents` (`status`);--> statement-breakpoint
CREATE INDEX `idx_agents_active_eval_id` ON `agents` (`active_eval_id`);--> statement-breakpoint
CREATE TABLE `functions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`code` text NOT NULL,
	`input_schema` text,
	`output_schema` text,
	`model_used` text,
	`parent_function_id` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "functions_type_check" CHECK("type" IN ('template_extractor', 'template_injector', 'eval')),
	CONSTRAINT "functions_status_check" CHECK("status" IN ('active', 'archived', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `idx_functions_workspace_id` ON `functions` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `idx_functions_type` ON `functions` (`type`);--> statement-breakpoint
CREATE TABLE `agent_tools` (
	`agent_id` text NOT NULL,
	`tool_id` text NOT NULL,
	`config` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	PRIMARY KEY(`agent_id`, `tool_id`),
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`tool_id`) REFERENCES `tools`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_agent_tools_tool_id` ON `agent_tools` (`tool_id`);--> statement-breakpoint
CREATE TABLE `tools` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text NOT NULL,
	`parameters_schema` text NOT NULL,
	`handler_key` text NOT NULL,
	`category` text DEFAULT 'general' NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	CONSTRAINT "tools_category_check" CHECK("category" IN ('general', 'code', 'filesystem', 'email'))
);
--> statement-breakpoint
CREATE INDEX `idx_tools_category` ON `tools` (`category`);--> statement-breakpoint
CREATE INDEX `idx_tools_handler_key` ON `tools` (`handler_key`);--> statement-breakpoint
CREATE TABLE `integrations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`name` text NOT NULL,
	`platform` text NOT NULL,
	`api_key_encrypted` text NOT NULL,
	`config` text,
	`status` text DEFAULT 'active' NOT NULL,
	`last_synced_at` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "integrations_platform_check" CHECK("platform" IN ('langfuse', 'langsmith', 'openai', 'playground', 'taskset')),
	CONSTRAINT "integrations_status_check" CHECK("status" IN ('active', 'error', 'disabled'))
);
--> statement-breakpoint
CREATE INDEX `idx_integrations_workspace_id` ON `integrations` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `idx_integrations_platform` ON `integrations` (`platform`);--> statement-breakpoint
CREATE TABLE `trace_summaries` (
	`trace_id` text PRIMARY KEY NOT NULL,
	`summary` text NOT NULL,
	`key_behaviors` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_trace_summaries_created_at` ON `trace_summaries` (`created_at`);--> statement-breakpoint
CREATE TABLE `traces` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`integration_id` text,
	`trace_id` text NOT NULL,
	`source` text NOT NULL,
	`timestamp` text NOT NULL,
	`metadata` text,
	`steps` text NOT NULL,
	`spans` text,
	`raw_data` text,
	`total_tokens` integer,
	`total_duration_ms` integer,
	`span_count` integer,
	`input_preview` text,
	`output_preview` text,
	`step_count` integer DEFAULT 0,
	`has_errors` integer DEFAULT false,
	`agent_version_id` text,
	`assignment_status` text DEFAULT 'unassigned' NOT NULL,
	`system_prompt_id` text,
	`imported_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`integration_id`) REFERENCES `integrations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`system_prompt_id`) REFERENCES `system_prompts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "traces_source_check" CHECK("source" IN ('langfuse', 'langsmith', 'openai', 'playground', 'taskset')),
	CONSTRAINT "traces_assignment_status_check" CHECK("assignment_status" IN ('unassigned', 'assigned', 'orphaned'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `traces_integration_id_trace_id_unique` ON `traces` (`integration_id`,`trace_id`);--> statement-breakpoint
CREATE INDEX `idx_traces_workspace_id` ON `traces` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `idx_traces_agent_version_id` ON `traces` (`agent_version_id`);--> statement-breakpoint
CREATE INDEX `idx_traces_assignment_status` ON `traces` (`assignment_status`);--> statement-breakpoint
CREATE INDEX `idx_traces_system_prompt_id` ON `traces` (`system_prompt_id`);--> statement-breakpoint
CREATE INDEX `idx_traces_imported_at` ON `traces` (`imported_at`);--> statement-breakpoint
CREATE INDEX `idx_traces_workspace_id_imported_at` ON `traces` (`workspace_id`,`imported_at`);--> statement-breakpoint
CREATE TABLE `eval_candidates` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`eval_id` text,
	`code` text NOT NULL,
	`variation` text,
	`agreement_rate` real,
	`accuracy` real,
	`cohen_kappa` real,
	`f1_score` real,
	`confusion_matrix` text,
	`per_trace_results` text,
	`total_cost_usd` real,
	`avg_duration_ms` real,
	`status` text DEFAULT 'candidate' NOT NULL,
	`parent_candidate_id` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`activated_at` text,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`parent_candidate_id`) REFERENCES `eval_candidates`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "eval_candidates_status_check" CHECK("status" IN ('candidate', 'testing', 'active', 'archived'))
);
--> statement-breakpoint
CREATE INDEX `idx_eval_candidates_agent_id` ON `eval_candidates` (`agent_id`);--> statement-breakpoint
CREATE INDEX `idx_eval_candidates_status` ON `eval_candidates` (`status`);--> statement-breakpoint
CREATE INDEX `idx_eval_candidates_eval_id` ON `eval_candidates` (`eval_id`);--> statement-breakpoint
CREATE INDEX `idx_eval_candidates_parent_candidate_id` ON `eval_candidates` (`parent_candidate_id`);--> statement-breakpoint
CREATE INDEX `idx_eval_candidates_created_at` ON `eval_candidates` (`created_at`);--> statement-breakpoint
CREATE TABLE `eval_cv_results` (
	`id` text PRIMARY KEY NOT NULL,
	`candidate_id` text NOT NULL,
	`k_folds` integer DEFAULT 5 NOT NULL,
	`mean_accuracy` real,
	`mean_kappa` real,
	`mean_f1` real,
	`mean_agreement_rate` real,
	`std_accuracy` real,
	`std_kappa` real,
	`is_stable` integer,
	`fold_results` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`candidate_id`) REFERENCES `eval_candidates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_eval_cv_results_candidate_id` ON `eval_cv_results` (`candidate_id`);--> statement-breakpoint
CREATE INDEX `idx_eval_cv_results_mean_accuracy` ON `eval_cv_results` (`mean_accuracy`);--> statement-breakpoint
CREATE TABLE `eval_executions` (
	`id` text PRIMARY KEY NOT NULL,
	`eval_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`predicted_result` integer,
	`predicted_reason` text,
	`execution_time_ms` integer,
	`error` text,
	`stdout` text,
	`stderr` text,
	`score` real,
	`llm_calls` integer,
	`llm_cost_usd` real,
	`cache_hits` integer,
	`executed_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_eval_executions_trace_id` ON `eval_executions` (`trace_id`);--> statement-breakpoint
CREATE INDEX `idx_eval_executions_eval_id_executed_at_trace_id` ON `eval_executions` (`eval_id`,`executed_at`,`trace_id`);--> statement-breakpoint
CREATE TABLE `evals` (
	`id` text PRIMARY KEY NOT NULL,
	`agent_id` text NOT NULL,
	`version` integer NOT NULL,
	`parent_eval_id` text,
	`name` text NOT NULL,
	`description` text,
	`code` text NOT NULL,
	`model_used` text,
	`accuracy` real,
	`training_trace_ids` text,
	`generation_prompt` text,
	`test_results` text,
	`execution_count` integer DEFAULT 0,
	`contradiction_count` integer DEFAULT 0,
	`status` text DEFAULT 'draft' NOT NULL,
	`auto_execute_enabled` integer DEFAULT false,
	`auto_refine_enabled` integer DEFAULT false,
	`monitoring_thresholds` text,
	`cohen_kappa` real,
	`f1_score` real,
	`precision` real,
	`recall` real,
	`variation` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "evals_status_check" CHECK("status" IN ('draft', 'candidate', 'testing', 'active', 'archived'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `evals_agent_id_version_unique` ON `evals` (`agent_id`,`version`);--> statement-breakpoint
CREATE INDEX `idx_evals_name` ON `evals` (`name`);--> statement-breakpoint
CREATE INDEX `idx_evals_status` ON `evals` (`status`);--> statement-breakpoint
CREATE INDEX `idx_evals_parent_eval_id` ON `evals` (`parent_eval_id`);--> statement-breakpoint
CREATE TABLE `feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`trace_id` text NOT NULL,
	`agent_id` text,
	`rating` text NOT NULL,
	`rating_detail` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "feedback_rating_check" CHECK("rating" IN ('positive', 'negative', 'neutral'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_trace_id_unique` ON `feedback` (`trace_id`);--> statement-breakpoint
CREATE INDEX `idx_feedback_rating` ON `feedback` (`rating`);--> statement-breakpoint
CREATE INDEX `idx_feedback_agent_id_created_at_trace_id` ON `feedback` (`agent_id`,`created_at`,`trace_id`);--> statement-breakpoint
CREATE TABLE `task_feedback_pairs` (
	`id` text PRIMARY KEY NOT NULL,
	`task_metadata_id` text NOT NULL,
	`feedback_trace_id` text NOT NULL,
	`human_feedback` text NOT NULL,
	`human_score` real,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`task_metadata_id`) REFERENCES `task_metadata`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`feedback_trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_feedback_pairs_task_metadata_id_feedback_trace_id_unique` ON `task_feedback_pairs` (`task_metadata_id`,`feedback_trace_id`);--> statement-breakpoint
CREATE INDEX `idx_task_feedback_pairs_feedback_trace_id` ON `task_feedback_pairs` (`feedback_trace_id`);--> statement-breakpoint
CREATE TABLE `task_metadata` (
	`id` text PRIMARY KEY NOT NULL,
	`trace_id` text NOT NULL,
	`user_message` text NOT NULL,
	`expected_output` text,
	`expected_action` text,
	`success_criteria` text,
	`task_type` text,
	`difficulty` text,
	`domain` text,
	`custom_metadata` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "task_metadata_difficulty_check" CHECK("difficulty" IN ('easy', 'medium', 'hard'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_metadata_trace_id_unique` ON `task_metadata` (`trace_id`);--> statement-breakpoint
CREATE INDEX `idx_task_metadata_task_type` ON `task_metadata` (`task_type`);--> statement-breakpoint
CREATE INDEX `idx_task_metadata_updated_at` ON `task_metadata` (`updated_at`);--> statement-breakpoint
CREATE TABLE `task_similar_traces` (
	`id` text PRIMARY KEY NOT NULL,
	`task_metadata_id` text NOT NULL,
	`similar_trace_id` text NOT NULL,
	`similarity_score` real NOT NULL,
	`human_score` real,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`task_metadata_id`) REFERENCES `task_metadata`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`similar_trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "task_similar_traces_similarity_score_range" CHECK("similarity_score" BETWEEN 0 AND 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_similar_traces_task_metadata_id_similar_trace_id_unique` ON `task_similar_traces` (`task_metadata_id`,`similar_trace_id`);--> statement-breakpoint
CREATE INDEX `idx_task_similar_traces_similar_trace_id` ON `task_similar_traces` (`similar_trace_id`);--> statement-breakpoint
CREATE INDEX `idx_task_similar_traces_similarity_score` ON `task_similar_traces` (`similarity_score`);--> statement-breakpoint
CREATE TABLE `job_retry_history` (
	`id` text PRIMARY KEY NOT NULL,
	`job_id` text NOT NULL,
	`attempt` integer NOT NULL,
	`error` text NOT NULL,
	`error_category` text NOT NULL,
	`delay_ms` integer NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "job_retry_history_error_category_check" CHECK("error_category" IN ('transient_network', 'transient_rate_limit', 'transient_server', 'transient_db_lock', 'permanent_validation', 'permanent_auth', 'permanent_not_found', 'permanent_security', 'unknown'))
);
--> statement-breakpoint
CREATE INDEX `idx_job_retry_history_job_id` ON `job_retry_history` (`job_id`);--> statement-breakpoint
CREATE INDEX `idx_job_retry_history_created_at` ON `job_retry_history` (`created_at`);--> statement-breakpoint
CREATE TABLE `jobs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`type` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`metadata` text,
	`result` text,
	`error` text,
	`retry_count` integer DEFAULT 0 NOT NULL,
	`max_retries` integer DEFAULT 5 NOT NULL,
	`error_category` text,
	`last_error_at` text,
	`next_retry_at` text,
	`priority` integer DEFAULT 0 NOT NULL,
	`agent_id` text,
	`agent_version_id` text,
	`trigger_event` text,
	`trigger_threshold` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`started_at` text,
	`completed_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`agent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "jobs_type_check" CHECK("type" IN ('import', 'generate', 'execute', 'monitor', 'auto_refine', 'agent_discovery', 'taskset_run', 'gepa_run', 'rollout')),
	CONSTRAINT "jobs_status_check" CHECK("status" IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
	CONSTRAINT "jobs_error_category_check" CHECK("error_category" IN ('transient_network', 'transient_rate_limit', 'transient_server', 'transient_db_lock', 'permanent_validation', 'permanent_auth', 'permanent_not_found', 'permanent_security', 'unknown')),
	CONSTRAINT "jobs_progress_range" CHECK("progress" BETWEEN 0 AND 100)
);
--> statement-breakpoint
CREATE INDEX `idx_jobs_workspace_id_status` ON `jobs` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `idx_jobs_type` ON `jobs` (`type`);--> statement-breakpoint
CREATE INDEX `idx_jobs_created_at` ON `jobs` (`created_at`);--> statement-breakpoint
CREATE INDEX `idx_jobs_agent_id` ON `jobs` (`agent_id`);--> statement-breakpoint
CREATE INDEX `idx_jobs_agent_version_id` ON `jobs` (`agent_version_id`);--> statement-breakpoint
CREATE INDEX `idx_jobs_status_priority_next_retry_at` ON `jobs` (`status`,`priority`,`next_retry_at`);--> statement-breakpoint
CREATE TABLE `performance_alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`eval_id` text NOT NULL,
	`alert_type` text NOT NULL,
	`severity` text DEFAULT 'warning' NOT NULL,
	`current_value` real,
	`threshold_value` real,
	`message` text NOT NULL,
	`prompt_id` text,
	`triggered_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`acknowledged_at` text,
	`acknowledged_by` text,
	`resolved_at` text,
	`resolved_by` text,
	`auto_action_taken` text,
	`auto_action_job_id` text,
	`metadata` text,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`prompt_id`) REFERENCES `system_prompts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`auto_action_job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "performance_alerts_alert_type_check" CHECK("alert_type" IN ('accuracy_drop', 'contradiction_spike', 'error_spike', 'prompt_drift', 'insufficient_data')),
	CONSTRAINT "performance_alerts_severity_check" CHECK("severity" IN ('info', 'warning', 'critical')),
	CONSTRAINT "performance_alerts_auto_action_taken_check" CHECK("auto_action_taken" IN ('none', 'auto_refine_queued', 'auto_refine_completed', 'auto_refine_failed'))
);
--> statement-breakpoint
CREATE INDEX `idx_performance_alerts_alert_type_triggered_at` ON `performance_alerts` (`alert_type`,`triggered_at`);--> statement-breakpoint
CREATE INDEX `idx_performance_alerts_eval_id_resolved_at` ON `performance_alerts` (`eval_id`,`resolved_at`);--> statement-breakpoint
CREATE INDEX `idx_performance_alerts_prompt_id` ON `performance_alerts` (`prompt_id`);--> statement-breakpoint
CREATE INDEX `idx_performance_alerts_auto_action_job_id` ON `performance_alerts` (`auto_action_job_id`);--> statement-breakpoint
CREATE TABLE `performance_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`eval_id` text NOT NULL,
	`snapshot_date` text NOT NULL,
	`accuracy` real,
	`execution_count` integer DEFAULT 0,
	`contradiction_count` integer DEFAULT 0,
	`error_count` integer DEFAULT 0,
	`pass_count` integer DEFAULT 0,
	`fail_count` integer DEFAULT 0,
	`prompt_distribution` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `performance_snapshots_eval_id_snapshot_date_unique` ON `performance_snapshots` (`eval_id`,`snapshot_date`);--> statement-breakpoint
CREATE TABLE `auto_refine_cooldowns` (
	`id` text PRIMARY KEY NOT NULL,
	`eval_id` text NOT NULL,
	`last_attempt_at` text NOT NULL,
	`next_allowed_at` text NOT NULL,
	`consecutive_failures` integer DEFAULT 0,
	`updated_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `auto_refine_cooldowns_eval_id_unique` ON `auto_refine_cooldowns` (`eval_id`);--> statement-breakpoint
CREATE TABLE `refinement_history` (
	`id` text PRIMARY KEY NOT NULL,
	`eval_id` text NOT NULL,
	`parent_version` integer,
	`new_version` integer NOT NULL,
	`trigger_type` text NOT NULL,
	`trigger_alert_id` text,
	`trigger_metrics` text,
	`include_contradictions` integer DEFAULT true,
	`custom_instructions` text,
	`result_accuracy` real,
	`improvement_delta` real,
	`status` text DEFAULT 'pending' NOT NULL,
	`job_id` text,
	`rejected_at` text,
	`rejected_by` text,
	`rejection_reason` text,
	`deployed_at` text,
	`deployed_by` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trigger_alert_id`) REFERENCES `performance_alerts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`job_id`) REFERENCES `jobs`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "refinement_history_trigger_type_check" CHECK("trigger_type" IN ('manual', 'threshold', 'drift', 'scheduled')),
	CONSTRAINT "refinement_history_status_check" CHECK("status" IN ('pending', 'running', 'completed', 'failed', 'rejected', 'deployed'))
);
--> statement-breakpoint
CREATE INDEX `idx_refinement_history_eval_id_created_at` ON `refinement_history` (`eval_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_refinement_history_status_created_at` ON `refinement_history` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `idx_refinement_history_trigger_alert_id` ON `refinement_history` (`trigger_alert_id`);--> statement-breakpoint
CREATE INDEX `idx_refinement_history_job_id` ON `refinement_history` (`job_id`);--> statement-breakpoint
CREATE TABLE `playground_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`agent_version_id` text NOT NULL,
	`messages` text DEFAULT '[]' NOT NULL,
	`variables` text DEFAULT '{}' NOT NULL,
	`files` text DEFAULT '{}' NOT NULL,
	`model_provider` text NOT NULL,
	`model_id` text NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "playground_sessions_model_provider_check" CHECK("model_provider" IN ('anthropic', 'openai', 'google'))
);
--> statement-breakpoint
CREATE INDEX `idx_playground_sessions_workspace_id` ON `playground_sessions` (`workspace_id`);--> statement-breakpoint
CREATE INDEX `idx_playground_sessions_agent_id` ON `playground_sessions` (`agent_id`);--> statement-breakpoint
CREATE INDEX `idx_playground_sessions_agent_version_id` ON `playground_sessions` (`agent_version_id`);--> statement-breakpoint
CREATE INDEX `idx_playground_sessions_updated_at` ON `playground_sessions` (`updated_at`);--> statement-breakpoint
CREATE TABLE `playground_steps` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`trace_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`step_type` text NOT NULL,
	`input` text,
	`output` text,
	`tool_name` text,
	`tool_args` text,
	`tool_result` text,
	`tool_error` text,
	`latency_ms` integer,
	`tokens_input` integer,
	`tokens_output` integer,
	`timestamp` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `playground_sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "playground_steps_step_type_check" CHECK("step_type" IN ('llm_call', 'tool_call', 'tool_result'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `playground_steps_session_id_step_index_unique` ON `playground_steps` (`session_id`,`step_index`);--> statement-breakpoint
CREATE INDEX `idx_playground_steps_trace_id` ON `playground_steps` (`trace_id`);--> statement-breakpoint
CREATE TABLE `prompt_best_practices` (
	`id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`category` text NOT NULL,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`url` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	CONSTRAINT "prompt_best_practices_source_check" CHECK("source" IN ('anthropic', 'openai', 'google')),
	CONSTRAINT "prompt_best_practices_category_check" CHECK("category" IN ('structure', 'clarity', 'safety', 'reasoning', 'general'))
);
--> statement-breakpoint
CREATE INDEX `idx_prompt_best_practices_category` ON `prompt_best_practices` (`category`);--> statement-breakpoint
CREATE TABLE `prompt_iterations` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_name` text NOT NULL,
	`parent_prompt_id` text,
	`current_prompt_id` text NOT NULL,
	`iteration_number` integer DEFAULT 1 NOT NULL,
	`change_summary` text,
	`improvement_metrics` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`parent_prompt_id`) REFERENCES `system_prompts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`current_prompt_id`) REFERENCES `system_prompts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `idx_prompt_iterations_parent_prompt_id` ON `prompt_iterations` (`parent_prompt_id`);--> statement-breakpoint
CREATE INDEX `idx_prompt_iterations_current_prompt_id` ON `prompt_iterations` (`current_prompt_id`);--> statement-breakpoint
CREATE INDEX `idx_prompt_iterations_workspace_id_agent_name` ON `prompt_iterations` (`workspace_id`,`agent_name`);--> statement-breakpoint
CREATE TABLE `system_prompts` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_name` text NOT NULL,
	`prompt_hash` text NOT NULL,
	`content` text NOT NULL,
	`metadata` text,
	`first_seen_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`trace_count` integer DEFAULT 1,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `system_prompts_workspace_id_prompt_hash_unique` ON `system_prompts` (`workspace_id`,`prompt_hash`);--> statement-breakpoint
CREATE INDEX `idx_system_prompts_prompt_hash` ON `system_prompts` (`prompt_hash`);--> statement-breakpoint
CREATE INDEX `idx_system_prompts_workspace_id_agent_name` ON `system_prompts` (`workspace_id`,`agent_name`);--> statement-breakpoint
CREATE TABLE `taskset_run_results` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`task_id` text NOT NULL,
	`status` text NOT NULL,
	`response` text,
	`expected_output` text,
	`score` real,
	`score_reason` text,
	`trace_id` text,
	`execution_time_ms` integer,
	`error` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`run_id`) REFERENCES `taskset_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `taskset_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "taskset_run_results_status_check" CHECK("status" IN ('pending', 'completed', 'failed', 'timeout')),
	CONSTRAINT "taskset_run_results_score_range" CHECK("score" BETWEEN 0 AND 1)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `taskset_run_results_run_id_task_id_unique` ON `taskset_run_results` (`run_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `idx_taskset_run_results_task_id` ON `taskset_run_results` (`task_id`);--> statement-breakpoint
CREATE INDEX `idx_taskset_run_results_trace_id` ON `taskset_run_results` (`trace_id`);--> statement-breakpoint
CREATE TABLE `taskset_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`taskset_id` text NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`task_count` integer NOT NULL,
	`model_provider` text DEFAULT 'anthropic',
	`model_id` text,
	`config` text DEFAULT '{}',
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`started_at` text,
	`completed_at` text,
	`error` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`taskset_id`) REFERENCES `tasksets`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "taskset_runs_status_check" CHECK("status" IN ('queued', 'running', 'completed', 'partial', 'failed', 'cancelled')),
	CONSTRAINT "taskset_runs_model_provider_check" CHECK("model_provider" IN ('anthropic', 'openai', 'google'))
);
--> statement-breakpoint
CREATE INDEX `idx_taskset_runs_workspace_id_status` ON `taskset_runs` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `idx_taskset_runs_agent_id` ON `taskset_runs` (`agent_id`);--> statement-breakpoint
CREATE INDEX `idx_taskset_runs_taskset_id` ON `taskset_runs` (`taskset_id`);--> statement-breakpoint
CREATE INDEX `idx_taskset_runs_created_at` ON `taskset_runs` (`created_at`);--> statement-breakpoint
CREATE TABLE `taskset_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`taskset_id` text NOT NULL,
	`user_message` text NOT NULL,
	`expected_output` text,
	`source` text NOT NULL,
	`source_trace_id` text,
	`content_hash` text NOT NULL,
	`metadata` text,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`taskset_id`) REFERENCES `tasksets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`source_trace_id`) REFERENCES `traces`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "taskset_tasks_source_check" CHECK("source" IN ('trace', 'manual', 'imported'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `taskset_tasks_taskset_id_content_hash_unique` ON `taskset_tasks` (`taskset_id`,`content_hash`);--> statement-breakpoint
CREATE INDEX `idx_taskset_tasks_source_trace_id` ON `taskset_tasks` (`source_trace_id`);--> statement-breakpoint
CREATE INDEX `idx_taskset_tasks_content_hash` ON `taskset_tasks` (`content_hash`);--> statement-breakpoint
CREATE TABLE `tasksets` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`updated_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "tasksets_status_check" CHECK("status" IN ('active', 'archived'))
);
--> statement-breakpoint
CREATE INDEX `idx_tasksets_workspace_id_status` ON `tasksets` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `idx_tasksets_agent_id` ON `tasksets` (`agent_id`);--> statement-breakpoint
CREATE INDEX `idx_tasksets_created_at` ON `tasksets` (`created_at`);--> statement-breakpoint
CREATE TABLE `gepa_run_tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`task_id` text NOT NULL,
	`split` text NOT NULL,
	`score` real,
	FOREIGN KEY (`run_id`) REFERENCES `gepa_runs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `taskset_tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "gepa_run_tasks_split_check" CHECK("split" IN ('train', 'val', 'test'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gepa_run_tasks_run_id_task_id_unique` ON `gepa_run_tasks` (`run_id`,`task_id`);--> statement-breakpoint
CREATE INDEX `idx_gepa_run_tasks_task_id` ON `gepa_run_tasks` (`task_id`);--> statement-breakpoint
CREATE INDEX `idx_gepa_run_tasks_run_id_split` ON `gepa_run_tasks` (`run_id`,`split`);--> statement-breakpoint
CREATE TABLE `gepa_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`eval_id` text,
	`taskset_id` text,
	`seed_prompt` text NOT NULL,
	`test_case_count` integer NOT NULL,
	`max_metric_calls` integer DEFAULT 50,
	`parallelism` integer DEFAULT 5,
	`status` text DEFAULT 'pending' NOT NULL,
	`progress_metric_calls` integer DEFAULT 0,
	`best_prompt` text,
	`best_score` real,
	`total_candidates` integer DEFAULT 0,
	`state_path` text,
	`error` text,
	`optimized_version_id` text,
	`train_split` real DEFAULT 0.7,
	`val_split` real DEFAULT 0.3,
	`random_seed` integer,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`started_at` text,
	`completed_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`eval_id`) REFERENCES `evals`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`taskset_id`) REFERENCES `tasksets`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`optimized_version_id`) REFERENCES `agent_versions`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "gepa_runs_status_check" CHECK("status" IN ('pending', 'running', 'completed', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE INDEX `idx_gepa_runs_workspace_id_status` ON `gepa_runs` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `idx_gepa_runs_agent_id` ON `gepa_runs` (`agent_id`);--> statement-breakpoint
CREATE INDEX `idx_gepa_runs_eval_id` ON `gepa_runs` (`eval_id`);--> statement-breakpoint
CREATE INDEX `idx_gepa_runs_taskset_id` ON `gepa_runs` (`taskset_id`);--> statement-breakpoint
CREATE INDEX `idx_gepa_runs_optimized_version_id` ON `gepa_runs` (`optimized_version_id`);--> statement-breakpoint
CREATE INDEX `idx_gepa_runs_created_at` ON `gepa_runs` (`created_at`);--> statement-breakpoint
CREATE TABLE `rollout_batches` (
	`id` text PRIMARY KEY NOT NULL,
	`workspace_id` text NOT NULL,
	`agent_id` text NOT NULL,
	`system_prompt` text NOT NULL,
	`task_count` integer NOT NULL,
	`status` text DEFAULT 'queued' NOT NULL,
	`config` text DEFAULT '{}',
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	`completed_at` text,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`agent_id`) REFERENCES `agents`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "rollout_batches_status_check" CHECK("status" IN ('queued', 'running', 'completed', 'partial', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `idx_rollout_batches_workspace_id_status` ON `rollout_batches` (`workspace_id`,`status`);--> statement-breakpoint
CREATE INDEX `idx_rollout_batches_agent_id` ON `rollout_batches` (`agent_id`);--> statement-breakpoint
CREATE INDEX `idx_rollout_batches_created_at` ON `rollout_batches` (`created_at`);--> statement-breakpoint
CREATE TABLE `rollout_results` (
	`id` text PRIMARY KEY NOT NULL,
	`batch_id` text NOT NULL,
	`task_id` text NOT NULL,
	`status` text NOT NULL,
	`trace` text,
	`error` text,
	`execution_time_ms` integer,
	`created_at` text DEFAULT CURRENT_TIMESTAMP NOT NULL,
	FOREIGN KEY (`batch_id`) REFERENCES `rollout_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "rollout_results_status_check" CHECK("status" IN ('completed', 'failed', 'timeout'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rollout_results_batch_id_task_id_unique` ON `rollout_results` (`batch_id`,`task_id`);--> statement-breakpoint
CREATE VIEW `eval_comparison` AS SELECT
  e.eval_id AS eval_id,
  e.trace_id AS trace_id,
  e.predicted_result AS predicted_result,
  f.rating AS rating,
  CASE
    WHEN f.rating = 'positive' AND e.predicted_result = 0 THEN 1
    WHEN f.rating = 'negative' AND e.predicted_result = 1 THEN 1
    ELSE 0
  END AS is_contradiction,
  e.executed_at AS executed_at
FROM eval_executions e
LEFT JOIN feedback f ON f.trace_id = e.trace_id;
export type { Policy } from './types.ts';
export { defaultPolicy } from './defaults.ts';
export { findPolicyFile, loadPolicy, parsePolicy, POLICY_FILE_NAMES } from './load.ts';
export { mergePolicy, type PolicyFile } from './merge.ts';

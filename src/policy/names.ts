// The policy file's names, apart from the loader so that naming them costs nothing at start-up.
export const POLICY_FILE_NAMES = ['.compose-harden.yml', '.compose-harden.yaml'];

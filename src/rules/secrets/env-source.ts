// The loader copies env_file variables into `environment` (Compose does, see compose-semantics §1 step 21) and
// also keeps them in `project.envFileValues`. CH401 reports what the compose file itself says; CH403 owns the
// variables that only arrived from an env file.

import { locOf } from '../../model/loc.ts';
import type { Project, Service } from '../../model/types.ts';

/** True when `environment[key]` is the env file's value rather than something written in a compose file. */
export function cameFromEnvFile(project: Project, serviceName: string, service: Service, key: string): boolean {
  const fromFile = project.envFileValues?.[serviceName]?.[key];
  const env = service.environment;
  if (!fromFile || !env || env[key] !== fromFile.value) return false;
  const where = locOf(env, key);
  return !where || !project.files.includes(where.file);
}

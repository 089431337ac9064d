// One-shot jobs: services that run to completion (migrations, init containers) rather than stay up. Readiness
// and restart advice is about long-running services; for a job it is wrong (a healthcheck never matters, and a
// restart policy re-runs it).
import type { Project } from '../model/types.ts';
import { isRecord } from './normalize.ts';

/** Another service (profile-gated ones too) waits for `name` with `condition: service_completed_successfully`. */
export function isOneShot(project: Project, name: string): boolean {
  for (const services of [project.services, project.disabledServices ?? {}]) {
    for (const s of Object.values(services)) {
      const dep = isRecord(s.depends_on) ? s.depends_on[name] : undefined;
      if (isRecord(dep) && dep.condition === 'service_completed_successfully') return true;
    }
  }
  return false;
}

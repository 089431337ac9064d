// Per-service exceptions travel with the service they excuse:
//   x-compose-harden: { skip: [CH102], reason: "docker-in-docker for the CI runner" }
// Compose ignores x- keys, so they survive `docker compose config`. Every exception must say why.
import { keyLocOf, locOf, type Loc } from '../model/loc.ts';
import { inputErrors, type InputProblem } from '../model/errors.ts';
import type { Project, Service } from '../model/types.ts';
import { isRecord } from './normalize.ts';

export const EXCEPTION_KEY = 'x-compose-harden';

export interface ServiceException {
  service: string;
  /** Rule ids, upper-case. */
  skip: string[];
  reason: string;
  /** Where each skipped id was written. */
  locs: Map<string, Loc | undefined>;
}

function readOne(name: string, service: Service, known: (id: string) => boolean, problems: InputProblem[]): ServiceException | undefined {
  if (!(EXCEPTION_KEY in service)) return undefined;
  const raw = service[EXCEPTION_KEY];
  const at = keyLocOf(service, EXCEPTION_KEY);
  if (!isRecord(raw)) {
    problems.push({ message: `service "${name}": ${EXCEPTION_KEY} must be a mapping with skip and reason`, loc: locOf(service, EXCEPTION_KEY) ?? at });
    return undefined;
  }
  const before = problems.length;
  const skipRaw = typeof raw.skip === 'string' ? [raw.skip] : raw.skip;
  const skip: string[] = [];
  const locs = new Map<string, Loc | undefined>();
  if (!Array.isArray(skipRaw) || skipRaw.length === 0) {
    problems.push({ message: `service "${name}": ${EXCEPTION_KEY}.skip must list rule ids (e.g. [CH102])`, loc: locOf(raw, 'skip') ?? at });
  } else {
    skipRaw.forEach((id, i) => {
      const where = Array.isArray(raw.skip) ? locOf(raw.skip, i) ?? locOf(raw, 'skip') : locOf(raw, 'skip');
      const norm = String(id).trim().toUpperCase();
      if (!known(norm)) problems.push({ message: `service "${name}": ${EXCEPTION_KEY} skips unknown rule "${String(id)}"`, loc: where ?? at });
      else {
        skip.push(norm);
        locs.set(norm, where ?? at);
      }
    });
  }
  const reason = typeof raw.reason === 'string' ? raw.reason.trim() : '';
  if (!reason) problems.push({ message: `service "${name}": ${EXCEPTION_KEY} needs a non-empty reason for skipping`, loc: locOf(raw, 'reason') ?? at });
  return problems.length === before ? { service: name, skip, reason, locs } : undefined;
}

/** Every service's exception (enabled and profile-disabled services); throws one InputError listing all problems. */
export function readExceptions(project: Project, known: (id: string) => boolean): Map<string, ServiceException> {
  const problems: InputProblem[] = [];
  const out = new Map<string, ServiceException>();
  for (const group of [project.services, project.disabledServices ?? {}]) {
    for (const [name, service] of Object.entries(group)) {
      if (!isRecord(service)) continue;
      const e = readOne(name, service, known, problems);
      if (e) out.set(name, e);
    }
  }
  if (problems.length) throw inputErrors(problems);
  return out;
}

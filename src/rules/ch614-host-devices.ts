import type { Rule, RuleFinding, Severity } from './types.ts';
import { at } from './context.ts';
import { isRecord } from './normalize.ts';

const CRITICAL = [/^\/dev\/(sd|hd|nvme|vd|xvd|mmcblk|md|dm-|loop|nbd|rbd)/, /^\/dev\/mapper\//, /^\/dev\/(zfs|mem|kmem|port|kmsg)$/];
const MEDIUM = [/^\/dev\/fuse$/, /^\/dev\/net\/tun$/];
const LOW = [/^\/dev\/(dri|nvidia|snd|tty|video|serial|bus\/usb|vchiq|vcsm|gpiomem|i2c|spidev|hidraw|input|kfd|accel)/];

export function deviceSeverity(path: string): { severity: Severity; what: string } {
  if (CRITICAL.some((r) => r.test(path))) return { severity: 'critical', what: 'raw host storage or kernel memory' };
  if (MEDIUM.some((r) => r.test(path))) return { severity: 'medium', what: 'a kernel interface (FUSE or TUN)' };
  if (LOW.some((r) => r.test(path))) return { severity: 'low', what: 'a GPU, sound, video or serial device' };
  return { severity: 'medium', what: 'a host device' };
}

/** `a *:* rwm`, `b 8:* rw`: a rule that opens every device, or block devices, to the container. */
function cgroupRuleSeverity(rule: string): Severity {
  const [type = '', nums = ''] = rule.trim().split(/\s+/);
  if (type === 'a' || type === 'b' || nums.startsWith('*:')) return 'critical';
  return 'medium';
}

export const rule: Rule = {
  meta: {
    id: 'CH614',
    title: 'Host devices exposed',
    severity: 'high',
    fix: 'report',
    refs: ['CIS 5.18', 'compose-lint CL-0016'],
    rationale:
      'Raw device access bypasses the filesystem and namespace isolation entirely. Critical for block devices, ' +
      '/dev/mem, /dev/kmem, /dev/port, /dev/kmsg and device rules allowing all devices; medium for /dev/fuse and ' +
      '/dev/net/tun; low for GPUs, sound and serial devices. Use volumes for data and gpus: for accelerators.',
    example: {
      before: 'services:\n  app:\n    image: example/app:1\n    devices: ["/dev/sda:/dev/sda"]\n',
      after: 'services:\n  app:\n    image: example/app:1\n    volumes: ["data:/data"]   # CH614: storage through a volume\n',
    },
  },

  check(service, ctx) {
    const out: RuleFinding[] = [];
    (service.devices ?? []).forEach((d, i) => {
      const source = isRecord(d) ? String(d.source ?? '') : String(d).split(':')[0];
      if (!source) return;
      const { severity, what } = deviceSeverity(source);
      out.push({ ...at(ctx, 'devices', i), severity, key: source, message: `host device ${source} is exposed: ${what}` });
    });
    const rules = service.device_cgroup_rules;
    (Array.isArray(rules) ? rules : []).forEach((r, i) => {
      const severity = cgroupRuleSeverity(String(r));
      out.push({
        ...at(ctx, 'device_cgroup_rules', i),
        severity,
        key: String(r),
        message: severity === 'critical' ? `device_cgroup_rules "${r}" allows access to every device of a class` : `device_cgroup_rules "${r}" opens host devices`,
      });
    });
    return out;
  },
};

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Who holds a run's lease: `host/pid/random`, unique per engine. The host and pid let a process that starts
 * on the same machine see that the holder is gone (after `kill -9` or a crash) and take its runs over at once
 * instead of waiting for the lease to run out; the random part tells apart engines of one process.
 */
export function newLeaseOwner(): string {
  return `${hostname()}/${process.pid}/${randomBytes(4).toString('hex')}`;
}

/**
 * True only when the owner is certainly gone: it ran on this machine and its process no longer exists. An
 * owner on another machine, or one whose process is alive (perhaps a new process that reused the pid, as pid 1
 * in a restarted container), is presumed alive: its lease running out is what frees its runs then.
 */
export function ownerGoneOnThisHost(owner: string): boolean {
  const [host, pidText] = owner.split('/');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * How long a registry may take: a blob download is cut when it drips (below a minimum rate over
 * a window; a silent socket is already cut by the transport's idle timeout) and given up when
 * the whole download, retries included, passes a deadline that grows with the blob's size. A
 * slow-drip registry can otherwise hold a pull open forever.
 */

export interface DownloadLimits {
  /** Fewer bytes than this per second, averaged over `rateWindowMs`, cut the transfer (it is retried, resuming). */
  minBytesPerSecond: number;
  rateWindowMs: number;
  /** Deadline of one blob (all attempts): this much time … */
  deadlineBaseMs: number;
  /** … plus the blob's size at this rate. */
  deadlineBytesPerSecond: number;
}

/**
 * 16 KiB/s over a minute is slower than any working link (a 100 MB base layer at that rate
 * would take almost two hours); the deadline allows 64 KiB/s on average plus five minutes,
 * about half an hour for a 100 MB layer.
 */
export const DEFAULT_DOWNLOAD_LIMITS: DownloadLimits = {
  minBytesPerSecond: 16 * 1024,
  rateWindowMs: 60_000,
  deadlineBaseMs: 5 * 60_000,
  deadlineBytesPerSecond: 64 * 1024,
};

/** The deadline of a blob of `size` bytes, in milliseconds from the start of its download. */
export function blobDeadlineMs(size: number, limits: DownloadLimits): number {
  return limits.deadlineBaseMs + (size / limits.deadlineBytesPerSecond) * 1000;
}

/**
 * Watches one transfer: call `add` for every chunk; `onSlow` fires (once) when a full window
 * passes with fewer bytes than the minimum rate allows. `stop` when the transfer ends.
 */
export class RateGuard {
  private windowBytes = 0;
  private readonly timer: NodeJS.Timeout;
  private fired = false;

  constructor(
    private readonly limits: DownloadLimits,
    private readonly onSlow: () => void,
  ) {
    this.timer = setInterval(() => this.check(), limits.rateWindowMs);
    this.timer.unref();
  }

  add(bytes: number): void {
    this.windowBytes += bytes;
  }

  private check(): void {
    const needed = (this.limits.minBytesPerSecond * this.limits.rateWindowMs) / 1000;
    if (this.windowBytes < needed && !this.fired) {
      this.fired = true;
      this.stop();
      this.onSlow();
      return;
    }
    this.windowBytes = 0;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

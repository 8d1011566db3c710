/**
 * Progress on stderr for long scans: only on a TTY, only after 2 seconds, one line rewritten in
 * place, cleared before the report is written. stdout carries nothing but the report.
 */
export class Progress {
  private readonly started = Date.now();
  private shown = false;
  constructor(private readonly enabled: boolean) {}

  update(p: { filesDone: number; filesTotal: number; bytes: number; commits?: number }): void {
    if (!this.enabled) return;
    const secs = (Date.now() - this.started) / 1000;
    if (secs < 2) return;
    const mbps = p.bytes / 1024 / 1024 / secs;
    const what =
      p.commits !== undefined
        ? `${p.commits} commits`
        : `${p.filesDone}/${p.filesTotal} files`;
    process.stderr.write(`\r\x1b[2Kscanning: ${what}, ${(p.bytes / 1024 / 1024).toFixed(1)} MB, ${mbps.toFixed(1)} MB/s`);
    this.shown = true;
  }

  done(): void {
    if (this.shown) process.stderr.write('\r\x1b[2K');
  }
}

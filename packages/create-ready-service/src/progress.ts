import type { Ui } from './ui';

const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface Progress {
  seconds(): number;
  /** Stop and erase the spinner line; idempotent, so nothing is drawn after the caller moves on. */
  stop(): void;
}

/**
 * A spinner with elapsed time on a terminal; on a log (CI, a pipe) the label once and a line every 30 s,
 * so a long step is never silent.
 */
export function startProgress(ui: Ui, label: string): Progress {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  let frame = 0;
  const draw = () => ui.out.write(`\r\x1b[2K${ui.cyan(frames[frame++ % frames.length])} ${label} ${ui.dim(`(${seconds()}s)`)}`);
  if (ui.isTTY) draw();
  else ui.log(`${label}...`);
  let timer: NodeJS.Timeout | undefined = ui.isTTY ? setInterval(draw, 100) : setInterval(() => ui.log(`  still ${label.charAt(0).toLowerCase()}${label.slice(1)} (${seconds()}s)`), 30_000);
  return {
    seconds,
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      if (ui.isTTY) ui.out.write('\r\x1b[2K');
    },
  };
}

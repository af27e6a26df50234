/** Where the CLI writes. Tests pass buffers; the real CLI passes process streams. */
export interface Output {
  write(chunk: string): unknown;
}

export interface Ui {
  out: Output;
  err: Output;
  isTTY: boolean;
  log(line?: string): void;
  warn(line: string): void;
  error(line: string): void;
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  cyan(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
}

export function createUi(out: Output, err: Output, isTTY: boolean, env: NodeJS.ProcessEnv): Ui {
  const color = isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
  const paint = (open: number, close: number) => (text: string) => (color ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  const ui: Ui = {
    out,
    err,
    isTTY,
    log: (line = '') => out.write(`${line}\n`),
    warn: (line) => err.write(`${ui.yellow('warning')} ${line}\n`),
    error: (line) => err.write(`${ui.red('error')} ${line}\n`),
    bold: paint(1, 22),
    dim: paint(2, 22),
    green: paint(32, 39),
    cyan: paint(36, 39),
    red: paint(31, 39),
    yellow: paint(33, 39),
  };
  return ui;
}

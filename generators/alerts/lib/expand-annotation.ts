import { VALUE } from './alerts/common';

/** Go's `%.4g`, for the magnitudes alert values have (it throws rather than guess outside them). */
function goG4(value: number): string {
  if (value === 0) return '0';
  const exponent = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(4)))));
  if (exponent < -4 || exponent >= 4) throw new Error(`ready: no test value should need exponent notation, got ${value}`);
  return String(Number(value.toPrecision(4)));
}

const VALUE_FORMATS: Record<string, (value: number) => string> = {
  [VALUE.percent]: (v) => `${goG4(v * 100)}%`,
  [VALUE.count]: (v) => v.toFixed(0),
  [VALUE.decimal]: (v) => v.toFixed(2),
  [VALUE.seconds.replace(/s$/, '')]: (v) => v.toFixed(3),
};

/**
 * An annotation as Prometheus expands it for an alert with these labels and value. Only the template
 * forms the rules use are known; anything else fails loudly instead of producing a wrong expectation.
 */
export function expandAnnotation(template: string, value: number, labels: Record<string, string>): string {
  let text = template;
  for (const [token, format] of Object.entries(VALUE_FORMATS)) {
    if (text.includes(token)) text = text.split(token).join(format(value));
  }
  text = text.replace(/\{\{ \$labels\.([a-zA-Z_][a-zA-Z0-9_]*) \}\}/g, (_, name: string) => {
    if (!(name in labels)) throw new Error(`ready: annotation uses $labels.${name}, which the alert does not carry`);
    return labels[name];
  });
  if (text.includes('{{')) throw new Error(`ready: cannot expand the annotation template "${template}"`);
  return text;
}

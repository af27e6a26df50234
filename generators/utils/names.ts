import { names } from '@nx/devkit';

/** `@acme/Payments_API` → `acme-payments-api`: the shape ready.yaml's service.name accepts. */
export function toServiceName(projectName: string): string {
  const kebab = names(projectName)
    .fileName.toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return kebab || 'service';
}

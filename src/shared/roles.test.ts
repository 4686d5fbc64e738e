import { describe, expect, it } from 'vitest';
import { homePath } from './roles';

describe('homePath', () => {
  it('sends staff who serve offices to the workspace, admins to administration, reporting to statistics, the data-protection officer to the requests', () => {
    expect(homePath('agent')).toBe('/staff');
    expect(homePath('lead')).toBe('/staff');
    expect(homePath('admin')).toBe('/admin');
    expect(homePath('reporting')).toBe('/admin/statistics');
    expect(homePath('privacy')).toBe('/admin/data-protection');
  });
});

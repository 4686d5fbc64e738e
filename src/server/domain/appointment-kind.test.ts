import { describe, expect, it } from 'vitest';
import { appointmentKindFor } from './appointment-kind';

describe('appointmentKindFor', () => {
  it('takes the citizen’s choice where the service offers both ways', () => {
    expect(appointmentKindFor('both', 'on_site')).toBe('on_site');
    expect(appointmentKindFor('both', 'video')).toBe('video');
    expect(appointmentKindFor('both')).toBe('video');
  });

  it('fixes the kind of a service offered one way, and refuses the other', () => {
    expect(appointmentKindFor('on_site')).toBe('on_site');
    expect(appointmentKindFor('on_site', 'on_site')).toBe('on_site');
    expect(appointmentKindFor('on_site', 'video')).toBeNull();
    expect(appointmentKindFor('video', 'on_site')).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import type { Manifest } from './manifest';
import { citizenPage, preloadLinks } from './preloads';

describe('citizenPage', () => {
  it('knows the citizen pages as routes.tsx does', () => {
    expect(citizenPage('/musterstadt')).toEqual({
      tenantSlug: 'musterstadt',
      module: null,
      fetches: ['/api/public/tenants/musterstadt'],
    });
    expect(citizenPage('/musterstadt/termine')).toMatchObject({
      module: 'booking/BookingPage.tsx',
      fetches: ['/api/public/tenants/musterstadt', '/api/public/tenants/musterstadt/services'],
    });
    expect(citizenPage('/musterstadt/termin')).toMatchObject({
      module: 'booking/ManagePage.tsx',
      fetches: [],
    });
    expect(citizenPage('/musterstadt/termin/beitreten')?.module).toBe('booking/JoinPage.tsx');
    expect(citizenPage('/musterstadt/buergeramt')).toMatchObject({
      module: 'citizen/OfficeEntry.tsx',
      fetches: ['/api/public/tenants/musterstadt'],
    });
  });

  it('is null for staff, admin and other addresses', () => {
    for (const path of [
      '/',
      '/staff',
      '/staff/termine',
      '/admin/units',
      '/login',
      '/api-docs',
      '/Muster_Stadt',
      '/musterstadt/einladung',
      '/musterstadt/gast',
      '/musterstadt/BAD',
      '/musterstadt/a/b',
    ]) {
      expect(citizenPage(path), path).toBeNull();
    }
  });
});

describe('preloadLinks', () => {
  const manifest: Manifest = {
    'index.html': { file: 'assets/main.js', imports: ['_framework.js'] },
    '_framework.js': { file: 'assets/framework.js' },
    'booking/BookingPage.tsx': {
      file: 'assets/BookingPage.js',
      imports: ['_framework.js', '_SlotPicker.js'],
    },
    '_SlotPicker.js': { file: 'assets/SlotPicker.js' },
    'i18n/de.json?other-pages': { file: 'assets/de.js' },
  };

  it('names the data and the chunks the page fetches next, not those the HTML loads anyway', () => {
    expect(preloadLinks(manifest, '/musterstadt/termine')).toBe(
      [
        '</api/public/tenants/musterstadt>; rel=preload; as=fetch; crossorigin',
        '</api/public/tenants/musterstadt/services>; rel=preload; as=fetch; crossorigin',
        '</assets/BookingPage.js>; rel=modulepreload; crossorigin',
        '</assets/SlotPicker.js>; rel=modulepreload; crossorigin',
        '</assets/de.js>; rel=modulepreload; crossorigin',
      ].join(', '),
    );
    expect(preloadLinks(manifest, '/musterstadt')).toBe(
      '</api/public/tenants/musterstadt>; rel=preload; as=fetch; crossorigin',
    );
    expect(preloadLinks(manifest, '/staff')).toBeNull();
  });

  it('names no chunk without a build manifest', () => {
    expect(preloadLinks({}, '/musterstadt/termin')).toBeNull();
  });
});

import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { AbgabeMessage } from './message';
import { abgabePackage, packageFileName } from './package';
import { nameUuid } from './source';

const ID = '3f2b8c1e-5d4a-4b6f-9e8d-7c6b5a4f3e2d';

describe('packageFileName', () => {
  it('starts with the Dokument id and keeps only ASCII letters, digits, dots, dashes and underscores', () => {
    expect(packageFileName(ID, 'Übersicht März.pdf')).toBe(`${ID}_Uebersicht_Maerz.pdf`);
    expect(packageFileName(ID, 'Çelik résumé.docx')).toBe(`${ID}_Celik_resume.docx`);
    expect(packageFileName(ID, '../../etc/passwd')).toBe(`${ID}_etc_passwd`);
    expect(packageFileName(ID, '写真.png')).toBe(`${ID}_Datei.png`);
  });

  it('bounds long names but keeps the extension', () => {
    const name = packageFileName(ID, `${'a'.repeat(300)}.xlsx`);
    expect(name).toBe(`${ID}_${'a'.repeat(100)}.xlsx`);
  });
});

describe('nameUuid', () => {
  it('is a stable version-5 UUID that differs by name', () => {
    const a = nameUuid('protocol:x:1');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nameUuid('protocol:x:1')).toBe(a);
    expect(nameUuid('protocol:x:2')).not.toBe(a);
  });
});

describe('abgabePackage', () => {
  it('names the ZIP and the XML after the process id and holds each document under its file name', () => {
    const bytes = new Uint8Array([37, 80, 68, 70, 45, 49, 46, 55]);
    const message: AbgabeMessage = {
      processId: ID,
      createdAt: new Date('2026-11-25T10:00:00Z'),
      authority: 'Stadt <Muster> & Co',
      office: 'Bürgeramt',
      instanceId: 'https://amtsraum.example/muster',
      vorgang: {
        id: nameUuid('v'),
        subject: 'Videoberatung: a\u0007b',
        caseReference: null,
        from: '2026-11-25',
        to: '2026-11-25',
        fields: [],
      },
      documents: [
        {
          id: nameUuid('d'),
          subject: 'Gesprächsprotokoll',
          fileName: packageFileName(nameUuid('d'), 'Gespraechsprotokoll.pdf'),
          originalName: null,
          mime: 'application/pdf',
          pdfA: true,
          bytes,
          sha256: 'x',
          createdAt: '2026-11-25T10:00:00.000Z',
          day: '2026-11-25',
          direction: 'internal',
          version: 1,
        },
      ],
    };
    const { fileName, zip } = abgabePackage(message);
    expect(fileName).toBe(`${ID}_Abgabe.Abgabe.0401.zip`);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual([`${ID}_Abgabe.Abgabe.0401.xml`, message.documents[0]!.fileName]);
    expect(files[message.documents[0]!.fileName]).toEqual(bytes);
    const xml = new TextDecoder().decode(files[`${ID}_Abgabe.Abgabe.0401.xml`]);
    // Markup in values is escaped, characters XML cannot hold are dropped.
    expect(xml).toContain('<xdomea:Name>Stadt &lt;Muster&gt; &amp; Co</xdomea:Name>');
    expect(xml).toContain('<xdomea:Betreff>Videoberatung: ab</xdomea:Betreff>');
    expect(xml).toContain('<xdomea:Version>1.7</xdomea:Version>');
  });
});

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { pdfText } from '../modules/consultations/protocol-format';
import { woffToSfnt } from '../modules/consultations/woff';

/**
 * A German PDF/A-3b document with the layout Amtsraum's documents share (protocol, access summary,
 * records of processing). PDF/A wants every font embedded, so it never uses pdfkit's built-in Helvetica:
 * it embeds (a subset of) Noto Sans, the typeface of the KERN design system the web app uses, from
 * @kern-ux/native, a dependency we ship anyway (SIL Open Font License, which allows embedding), unpacked
 * from WOFF once per process (see woff.ts). No system fonts are needed, so the output is the same on
 * every machine.
 */
const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
const fontFile = (name: string) =>
  woffToSfnt(readFileSync(require.resolve(`@kern-ux/native/dist/fonts/noto-sans/${name}.woff`)));
const loadFonts = () => {
  fonts ??= { regular: fontFile('NotoSans-Regular'), bold: fontFile('NotoSans-Bold') };
  return fonts;
};

export interface PdfInfo {
  title: string;
  subject: string;
  /** Creation and modification date: a fixed instant keeps a document the same for the same content. */
  createdAt: Date;
}

export interface PdfWriter {
  doc: PDFKit.PDFDocument;
  left: number;
  width: number;
  /** Starts a new page when less than `height` is left on this one. */
  roomFor(height: number): void;
  heading(text: string): void;
  /** A label in bold and its value beside it ("—" for an empty value). */
  row(label: string, value: string): void;
  paragraph(text: string): void;
  /** Ends the document; resolves to its bytes. */
  finish(): Promise<Buffer>;
}

export function openPdf(info: PdfInfo, labelWidth = 150): PdfWriter {
  const { regular, bold } = loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    subset: 'PDF/A-3b',
    pdfVersion: '1.7',
    lang: 'de-DE',
    displayTitle: true,
    // The initial font: without it pdfkit would set up (non-embedded) Helvetica.
    font: regular as unknown as string,
    info: {
      Title: info.title,
      Subject: info.subject,
      Creator: 'Amtsraum',
      Producer: 'Amtsraum',
      CreationDate: info.createdAt,
      ModDate: info.createdAt,
    },
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const roomFor = (height: number) => {
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
  };
  return {
    doc,
    left,
    width,
    roomFor,
    heading(text) {
      roomFor(60);
      doc.moveDown(0.8).font('bold').fontSize(13).text(text, left, doc.y, { width });
      doc.moveDown(0.3).font('regular').fontSize(10.5);
    },
    row(label, value) {
      roomFor(30);
      const top = doc.y;
      doc
        .font('bold')
        .fontSize(10.5)
        .text(label, left, top, { width: labelWidth - 10 });
      const afterLabel = doc.y;
      doc.font('regular').text(pdfText(value) || '—', left + labelWidth, top, { width: width - labelWidth });
      doc.y = Math.max(afterLabel, doc.y) + 3;
    },
    paragraph(text) {
      doc
        .font('regular')
        .fontSize(10.5)
        .text(pdfText(text) || '—', left, doc.y, { width });
    },
    finish() {
      doc.end();
      return done;
    },
  };
}

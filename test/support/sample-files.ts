import PDFDocument from 'pdfkit';

/** A small real PDF (pdfkit) with one line of text, as a citizen would share a letter. */
export const samplePdf = (text = 'Bescheid vom 1. März: bitte Unterlagen nachreichen.') =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text(text);
    doc.end();
  });

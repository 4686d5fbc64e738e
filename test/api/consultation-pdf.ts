/** The text of every page of a PDF, read by pdf.js (an extractor independent of pdfkit). */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    useSystemFonts: false,
  }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(
      content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join(''),
    );
  }
  await document.destroy();
  return pages.join('\n');
}

/** The PDF's XMP metadata packet (pdfkit writes it uncompressed, as PDF/A requires it readable). */
export function xmpOf(pdf: Uint8Array): string {
  const raw = Buffer.from(pdf).toString('latin1');
  return raw.match(/<x:xmpmeta[\s\S]*?<\/x:xmpmeta>/)?.[0] ?? '';
}

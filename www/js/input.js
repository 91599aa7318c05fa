// Getting the report in: paste (the clipboard's HTML when it holds a <table>, else its
// plain text), drag-and-drop, the open-file button. Text files are decoded with the
// encoding the core sniffs; .docx/.xlsx go to the full module as bytes.

/** Picks what to take from a paste: { kind: 'html'|'text', text } or null. */
export function pastedContent(clipboardData) {
  if (!clipboardData) return null;
  const html = clipboardData.getData('text/html');
  if (html && /<table[\s>]/i.test(html)) return { kind: 'html', text: html };
  const text = clipboardData.getData('text/plain');
  return text ? { kind: 'text', text } : null;
}

/** File names the page accepts. */
export const ACCEPT = '.txt,.csv,.tsv,.html,.htm,.md,.docx,.xlsx';

/** Reads a File into bytes. */
export async function fileBytes(file) {
  return new Uint8Array(await file.arrayBuffer());
}

/** Installs drag-and-drop on the whole page (a file dropped anywhere is read, never
 * opened by the browser in place of the page); `zone` shows that a drop is coming. */
export function installDrop(zone, onFile) {
  const stop = (e) => {
    e.preventDefault();
    e.stopPropagation();
  };
  document.addEventListener('dragover', (e) => {
    stop(e);
    zone.classList.add('dragging');
  });
  document.addEventListener('dragleave', (e) => {
    if (!e.relatedTarget) zone.classList.remove('dragging');
  });
  document.addEventListener('drop', (e) => {
    stop(e);
    zone.classList.remove('dragging');
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) onFile(file);
  });
}

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

/** Installs drag-and-drop on a target; onFile(file) gets the first dropped file. */
export function installDrop(target, onFile) {
  const stop = (e) => {
    e.preventDefault();
    e.stopPropagation();
  };
  target.addEventListener('dragover', (e) => {
    stop(e);
    target.classList.add('dragging');
  });
  target.addEventListener('dragleave', () => target.classList.remove('dragging'));
  target.addEventListener('drop', (e) => {
    stop(e);
    target.classList.remove('dragging');
    const file = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (file) onFile(file);
  });
}

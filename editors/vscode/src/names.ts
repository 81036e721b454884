// File names the extension proposes. Pure functions (no vscode import) so
// the unit tests run them under plain Node.

/**
 * The file-name part for a vendor: lower case, accents dropped, every run of
 * other characters one `-` (`Acme AI, Inc.` → `acme-ai-inc`); `vendor` when
 * nothing is left (a name in another script).
 */
export function vendorSlug(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
  return slug || "vendor";
}

/**
 * `<slug>.dossier.yaml`, or `<slug>-2.dossier.yaml`, `-3`... when `taken`
 * says that name is used (a file on disk, an open unsaved editor).
 */
export function dossierFileName(vendor: string, taken: (name: string) => boolean): string {
  const slug = vendorSlug(vendor);
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${slug}.dossier.yaml` : `${slug}-${n}.dossier.yaml`;
    if (!taken(name) || n >= 1000) return name;
  }
}

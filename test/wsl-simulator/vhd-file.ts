/** `IsVhdFile` (wslutil.cpp): the extension alone decides whether wsl.exe treats a file as a disk. */
export function looksLikeVhd(file: string): boolean {
  return /\.vhdx?$/i.test(file);
}

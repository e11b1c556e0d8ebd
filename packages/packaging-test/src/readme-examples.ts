/** A fenced block a README marks as an example with `<!-- readme-example -->` or `<!-- readme-example: name -->`. */
export interface ReadmeExample {
  /** The marker's name, `example` when it has none. */
  name: string;
  language: 'js' | 'ts';
  code: string;
}

/** The examples of one README, in order: the same markers the packages' own readme tests read. */
export function readmeExamples(markdown: string): ReadmeExample[] {
  const pattern = /<!-- readme-example(?::\s*([\w-]+))?\s*-->\s*\n```(js|ts)\n([\s\S]*?)\n```/g;
  return [...markdown.matchAll(pattern)].map((match) => ({
    name: match[1] ?? 'example',
    language: match[2] as 'js' | 'ts',
    code: `${match[3]!}\n`,
  }));
}

import { escapeRegExp } from './escape-regexp.js';

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

/** The first fenced block after `<!-- marker -->` (a README's test snippets); fails when there is none. */
export function readmeBlock(markdown: string, marker: string): string {
  const block = new RegExp(`<!-- ${escapeRegExp(marker)} -->[\\s\\S]*?\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``);
  const code = block.exec(markdown)?.[1];
  if (code === undefined) throw new Error(`the README has no block marked <!-- ${marker} -->`);
  return `${code}\n`;
}

/** The example named `name` (`example` for the unnamed one) of a README; fails when there is none. */
export function readmeExample(markdown: string, name: string): string {
  const example = readmeExamples(markdown).find((candidate) => candidate.name === name);
  if (!example)
    throw new Error(
      `the README has no example marked <!-- readme-example${name === 'example' ? '' : `:${name}`} -->`,
    );
  return example.code;
}

/** The example name a marker gives: `readme-example:koha` → `koha`, `readme-example` → `example`. */
export function readmeExampleName(marker: string): string {
  return /^readme-example(?::\s*([\w-]+))?$/.exec(marker)?.[1] ?? 'example';
}

/**
 * Port of go-yaml v2's parser (parserc.go) and node composer (the parser half of decode.go):
 * the first document of a YAML stream becomes a tree of nodes, failing where go-yaml fails.
 * Written as recursive descent that consumes tokens in the same order as go-yaml's state machine,
 * so scanner errors surface at the same point.
 */
import { GoYamlError, type Mark, type ScalarStyle, Scanner, type Token, TokenType } from "./goYamlScanner.js";

/** A composed node; aliases point at the node their anchor named. */
export type YamlNode =
  | {
      readonly kind: "scalar";
      readonly start: Mark;
      readonly value: string;
      readonly tag: string;
      /** go-yaml's `implicit`: plain scalars (and the "!" tag) are resolved by content. */
      readonly implicit: boolean;
      readonly style: ScalarStyle;
    }
  | { readonly kind: "sequence"; readonly start: Mark; readonly children: YamlNode[] }
  | { readonly kind: "mapping"; readonly start: Mark; readonly children: YamlNode[] }
  | { readonly kind: "alias"; readonly start: Mark; readonly name: string; readonly target: YamlNode };

const DEFAULT_TAG_DIRECTIVES: readonly (readonly [string, string])[] = [
  ["!", "!"],
  ["!!", "tag:yaml.org,2002:"],
];

class Parser {
  private readonly tagDirectives = new Map<string, string>();
  private readonly anchors = new Map<string, YamlNode>();

  constructor(private readonly scanner: Scanner) {}

  private peek(): Token {
    return this.scanner.peek();
  }

  private skip(): void {
    this.scanner.skipToken();
  }

  private parserError(problem: string, problemMark: Mark, contextMark?: Mark): never {
    throw new GoYamlError("parser", problem, problemMark, contextMark);
  }

  /** yaml.Unmarshal reads the first document only; undefined for an empty stream. */
  firstDocument(): YamlNode | undefined {
    const streamStart = this.peek();
    if (streamStart.type !== TokenType.StreamStart) {
      this.parserError("did not find expected <stream-start>", streamStart.start);
    }
    this.skip();
    // yaml_parser_parse_document_start with implicit = true.
    let token = this.peek();
    let node: YamlNode;
    if (
      token.type !== TokenType.VersionDirective &&
      token.type !== TokenType.TagDirective &&
      token.type !== TokenType.DocumentStart &&
      token.type !== TokenType.StreamEnd
    ) {
      this.processDirectives();
      node = this.parseNode(true, false);
    } else if (token.type !== TokenType.StreamEnd) {
      this.processDirectives();
      token = this.peek();
      if (token.type !== TokenType.DocumentStart) {
        this.parserError("did not find expected <document start>", token.start);
      }
      this.skip();
      // yaml_parser_parse_document_content
      token = this.peek();
      if (
        token.type === TokenType.VersionDirective ||
        token.type === TokenType.TagDirective ||
        token.type === TokenType.DocumentStart ||
        token.type === TokenType.DocumentEnd ||
        token.type === TokenType.StreamEnd
      ) {
        node = emptyScalar(token.start);
      } else {
        node = this.parseNode(true, false);
      }
    } else {
      return undefined;
    }
    // yaml_parser_parse_document_end: peeking the next token may still fail in the scanner.
    if (this.peek().type === TokenType.DocumentEnd) this.skip();
    return node;
  }

  private processDirectives(): void {
    let token = this.peek();
    let sawVersion = false;
    while (token.type === TokenType.VersionDirective || token.type === TokenType.TagDirective) {
      if (token.type === TokenType.VersionDirective) {
        if (sawVersion) this.parserError("found duplicate %YAML directive", token.start);
        if (token.major !== 1 || token.minor !== 1)
          this.parserError("found incompatible YAML document", token.start);
        sawVersion = true;
      } else {
        const handle = token.value ?? "";
        if (this.tagDirectives.has(handle)) this.parserError("found duplicate %TAG directive", token.start);
        this.tagDirectives.set(handle, token.prefix ?? "");
      }
      this.skip();
      token = this.peek();
    }
    for (const [handle, prefix] of DEFAULT_TAG_DIRECTIVES) {
      if (!this.tagDirectives.has(handle)) this.tagDirectives.set(handle, prefix);
    }
  }

  private parseNode(block: boolean, indentlessSequence: boolean): YamlNode {
    let token = this.peek();
    if (token.type === TokenType.Alias) {
      this.skip();
      const name = token.value ?? "";
      const target = this.anchors.get(name);
      // decode.go alias(): the composer rejects an alias to an anchor not seen yet.
      if (!target)
        throw new GoYamlError("composer", `unknown anchor '${name}' referenced`, token.start, undefined);
      return { kind: "alias", start: token.start, name, target };
    }
    const start = token.start;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    if (token.type === TokenType.Anchor) {
      anchor = token.value;
      this.skip();
      token = this.peek();
      if (token.type === TokenType.Tag) {
        tagToken = token;
        this.skip();
        token = this.peek();
      }
    } else if (token.type === TokenType.Tag) {
      tagToken = token;
      this.skip();
      token = this.peek();
      if (token.type === TokenType.Anchor) {
        anchor = token.value;
        this.skip();
        token = this.peek();
      }
    }
    let tag = "";
    if (tagToken) {
      const handle = tagToken.value ?? "";
      const suffix = tagToken.suffix ?? "";
      if (handle === "") {
        tag = suffix;
      } else {
        const prefix = this.tagDirectives.get(handle);
        if (prefix === undefined) {
          this.parserError("found undefined tag handle", tagToken.start, start);
        }
        tag = prefix + suffix;
      }
    }
    const remember = <N extends YamlNode>(n: N): N => {
      if (anchor !== undefined) this.anchors.set(anchor, n);
      return n;
    };
    if (indentlessSequence && token.type === TokenType.BlockEntry) {
      const seq = remember({ kind: "sequence", start, children: [] as YamlNode[] });
      this.parseIndentlessSequence(seq.children);
      return seq;
    }
    if (token.type === TokenType.Scalar) {
      const style = token.style ?? "plain";
      const implicit = (tag === "" && style === "plain") || tag === "!";
      this.skip();
      return remember({ kind: "scalar", start, value: token.value ?? "", tag, implicit, style });
    }
    if (token.type === TokenType.FlowSequenceStart) {
      const seq = remember({ kind: "sequence", start, children: [] as YamlNode[] });
      this.parseFlowSequence(seq.children);
      return seq;
    }
    if (token.type === TokenType.FlowMappingStart) {
      const map = remember({ kind: "mapping", start, children: [] as YamlNode[] });
      this.parseFlowMapping(map.children);
      return map;
    }
    if (block && token.type === TokenType.BlockSequenceStart) {
      const seq = remember({ kind: "sequence", start, children: [] as YamlNode[] });
      this.parseBlockSequence(seq.children);
      return seq;
    }
    if (block && token.type === TokenType.BlockMappingStart) {
      const map = remember({ kind: "mapping", start, children: [] as YamlNode[] });
      this.parseBlockMapping(map.children);
      return map;
    }
    if (anchor !== undefined || tag !== "") {
      return remember({ kind: "scalar", start, value: "", tag, implicit: tag === "", style: "plain" });
    }
    this.parserError("did not find expected node content", token.start, start);
  }

  private parseBlockSequence(children: YamlNode[]): void {
    const contextMark = this.peek().start;
    this.skip();
    for (;;) {
      let token = this.peek();
      if (token.type === TokenType.BlockEntry) {
        const mark = token.end;
        this.skip();
        token = this.peek();
        if (token.type !== TokenType.BlockEntry && token.type !== TokenType.BlockEnd) {
          children.push(this.parseNode(true, false));
        } else {
          children.push(emptyScalar(mark));
        }
      } else if (token.type === TokenType.BlockEnd) {
        this.skip();
        return;
      } else {
        this.parserError("did not find expected '-' indicator", token.start, contextMark);
      }
    }
  }

  private parseIndentlessSequence(children: YamlNode[]): void {
    for (;;) {
      let token = this.peek();
      if (token.type !== TokenType.BlockEntry) return;
      const mark = token.end;
      this.skip();
      token = this.peek();
      if (
        token.type !== TokenType.BlockEntry &&
        token.type !== TokenType.Key &&
        token.type !== TokenType.Value &&
        token.type !== TokenType.BlockEnd
      ) {
        children.push(this.parseNode(true, false));
      } else {
        children.push(emptyScalar(mark));
      }
    }
  }

  private parseBlockMapping(children: YamlNode[]): void {
    const contextMark = this.peek().start;
    this.skip();
    for (;;) {
      let token = this.peek();
      if (token.type === TokenType.Key) {
        const mark = token.end;
        this.skip();
        token = this.peek();
        if (
          token.type !== TokenType.Key &&
          token.type !== TokenType.Value &&
          token.type !== TokenType.BlockEnd
        ) {
          children.push(this.parseNode(true, true));
        } else {
          children.push(emptyScalar(mark));
        }
      } else if (token.type === TokenType.BlockEnd) {
        this.skip();
        return;
      } else {
        this.parserError("did not find expected key", token.start, contextMark);
      }
      // yaml_parser_parse_block_mapping_value
      token = this.peek();
      if (token.type === TokenType.Value) {
        const mark = token.end;
        this.skip();
        token = this.peek();
        if (
          token.type !== TokenType.Key &&
          token.type !== TokenType.Value &&
          token.type !== TokenType.BlockEnd
        ) {
          children.push(this.parseNode(true, true));
        } else {
          children.push(emptyScalar(mark));
        }
      } else {
        children.push(emptyScalar(token.start));
      }
    }
  }

  private parseFlowSequence(children: YamlNode[]): void {
    const contextMark = this.peek().start;
    this.skip();
    let first = true;
    for (;;) {
      let token = this.peek();
      if (token.type === TokenType.FlowSequenceEnd) break;
      if (!first) {
        if (token.type === TokenType.FlowEntry) {
          this.skip();
          token = this.peek();
        } else {
          this.parserError("did not find expected ',' or ']'", token.start, contextMark);
        }
      }
      first = false;
      if (token.type === TokenType.Key) {
        // A single-pair mapping inside a flow sequence: [a: b].
        const pair: YamlNode = { kind: "mapping", start: token.start, children: [] };
        this.skip();
        token = this.peek();
        if (
          token.type !== TokenType.Value &&
          token.type !== TokenType.FlowEntry &&
          token.type !== TokenType.FlowSequenceEnd
        ) {
          pair.children.push(this.parseNode(false, false));
        } else {
          const mark = token.end;
          this.skip();
          pair.children.push(emptyScalar(mark));
        }
        token = this.peek();
        if (token.type === TokenType.Value) {
          this.skip();
          const next = this.peek();
          if (next.type !== TokenType.FlowEntry && next.type !== TokenType.FlowSequenceEnd) {
            pair.children.push(this.parseNode(false, false));
          } else {
            pair.children.push(emptyScalar(token.start));
          }
        } else {
          pair.children.push(emptyScalar(token.start));
        }
        this.peek();
        children.push(pair);
      } else if (token.type !== TokenType.FlowSequenceEnd) {
        children.push(this.parseNode(false, false));
      } else {
        break;
      }
    }
    this.skip();
  }

  private parseFlowMapping(children: YamlNode[]): void {
    const contextMark = this.peek().start;
    this.skip();
    let first = true;
    for (;;) {
      let token = this.peek();
      if (token.type === TokenType.FlowMappingEnd) break;
      if (!first) {
        if (token.type === TokenType.FlowEntry) {
          this.skip();
          token = this.peek();
        } else {
          this.parserError("did not find expected ',' or '}'", token.start, contextMark);
        }
      }
      first = false;
      if (token.type === TokenType.Key) {
        this.skip();
        token = this.peek();
        if (
          token.type !== TokenType.Value &&
          token.type !== TokenType.FlowEntry &&
          token.type !== TokenType.FlowMappingEnd
        ) {
          children.push(this.parseNode(false, false));
        } else {
          children.push(emptyScalar(token.start));
        }
        // yaml_parser_parse_flow_mapping_value with empty = false
        token = this.peek();
        if (token.type === TokenType.Value) {
          this.skip();
          token = this.peek();
          if (token.type !== TokenType.FlowEntry && token.type !== TokenType.FlowMappingEnd) {
            children.push(this.parseNode(false, false));
            continue;
          }
        }
        children.push(emptyScalar(token.start));
      } else if (token.type !== TokenType.FlowMappingEnd) {
        children.push(this.parseNode(false, false));
        children.push(emptyScalar(this.peek().start));
      } else {
        break;
      }
    }
    this.skip();
  }
}

function emptyScalar(mark: Mark): YamlNode {
  return { kind: "scalar", start: mark, value: "", tag: "", implicit: true, style: "plain" };
}

/**
 * Composes the first document of `text` as go-yaml v2's yaml.Unmarshal does.
 *
 * @returns the root node, or undefined when the text holds no document.
 * @throws GoYamlError on any reader, scanner, parser or composer failure.
 */
export function composeFirstDocument(text: string): YamlNode | undefined {
  // newParser: an empty input is read as a single line break.
  return new Parser(new Scanner(text.length === 0 ? "\n" : text)).firstDocument();
}

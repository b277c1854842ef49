/**
 * The label selector string syntax, a faithful port of the lexer and parser in Kubernetes'
 * `k8s.io/apimachinery/pkg/labels/selector.go` (`Lexer`, `Parser`, `Parse`), Kubernetes 1.33:
 *
 * ```
 * <selector-syntax>         ::= <requirement> | <requirement> "," <selector-syntax>
 * <requirement>             ::= [!] KEY [ <set-based-restriction> | <exact-match-restriction> ]
 * <set-based-restriction>   ::= "" | <inclusion-exclusion> <value-set>
 * <inclusion-exclusion>     ::= "in" | "notin"
 * <value-set>               ::= "(" <values> ")"
 * <values>                  ::= VALUE | VALUE "," <values>
 * <exact-match-restriction> ::= ["="|"=="|"!="|">"|"<"] VALUE
 * ```
 *
 * Quirks kept on purpose because users see them: `x in ()` means `x in ("")`; `x=` means `x=""`;
 * `in`/`notin` are ordinary identifiers where a value or key is expected; a NUL character ends the
 * input where a token would start, and separates tokens elsewhere (Go's lexer reads it as end of input).
 *
 * @module
 */

import { errorString, invalid } from "../validation/field.js";
import { compareGoStrings } from "../validation/goStrings.js";
import { isQualifiedName } from "../validation/names.js";
import {
  newRequirement,
  type Requirement,
  type SelectionOperator,
  type Selector,
  type SelectorResult,
  sortRequirements,
} from "./selector.js";

type Token =
  | "Error"
  | "EndOfString"
  | "ClosedPar"
  | "Comma"
  | "DoesNotExist"
  | "DoubleEquals"
  | "Equals"
  | "GreaterThan"
  | "Identifier"
  | "In"
  | "LessThan"
  | "NotEquals"
  | "NotIn"
  | "OpenPar";

const STRING_TO_TOKEN: Readonly<Record<string, Token>> = Object.freeze({
  ")": "ClosedPar",
  ",": "Comma",
  "!": "DoesNotExist",
  "==": "DoubleEquals",
  "=": "Equals",
  ">": "GreaterThan",
  in: "In",
  "<": "LessThan",
  "!=": "NotEquals",
  notin: "NotIn",
  "(": "OpenPar",
});

function tokenOf(literal: string): Token | undefined {
  return Object.hasOwn(STRING_TO_TOKEN, literal) ? STRING_TO_TOKEN[literal] : undefined;
}

// Go's binaryOperators, in its order, for "found 'x', expected: in, notin, =, ==, !=, gt, lt".
const BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt";

interface ScannedItem {
  readonly tok: Token;
  readonly literal: string;
}

function isWhitespace(ch: number): boolean {
  return ch === 0x20 || ch === 0x09 || ch === 0x0d || ch === 0x0a;
}

function isSpecialSymbol(ch: number): boolean {
  // = ! ( ) , > <
  return (
    ch === 0x3d || ch === 0x21 || ch === 0x28 || ch === 0x29 || ch === 0x2c || ch === 0x3e || ch === 0x3c
  );
}

/** Splits the input into tokens. Works on UTF-16 units; every byte Go's lexer inspects is ASCII, so the split is the same. */
function lex(s: string): ScannedItem[] {
  let pos = 0;
  // Go's read() returns 0 at the end without advancing, and also returns (and consumes) a real NUL.
  const read = (): number => {
    if (pos < s.length) return s.charCodeAt(pos++);
    return 0;
  };
  const unread = (): void => {
    pos--;
  };

  const scanIDOrKeyword = (): ScannedItem => {
    const start = pos;
    let end = pos;
    for (;;) {
      const ch = read();
      if (ch === 0) break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        unread();
        break;
      }
      end = pos;
    }
    const literal = s.slice(start, end);
    return { tok: tokenOf(literal) ?? "Identifier", literal };
  };

  const scanSpecialSymbol = (): ScannedItem => {
    let last: ScannedItem | null = null;
    let buffer = "";
    for (;;) {
      const ch = read();
      if (ch === 0) break;
      if (isSpecialSymbol(ch)) {
        buffer += String.fromCharCode(ch);
        const tok = tokenOf(buffer);
        if (tok !== undefined) {
          last = { tok, literal: buffer };
        } else if (last !== null) {
          unread();
          break;
        }
      } else {
        unread();
        break;
      }
    }
    return last ?? { tok: "Error", literal: `error expected: keyword found '${buffer}'` };
  };

  const items: ScannedItem[] = [];
  for (;;) {
    let ch = read();
    while (isWhitespace(ch)) ch = read();
    let item: ScannedItem;
    if (ch === 0) {
      item = { tok: "EndOfString", literal: "" };
    } else if (isSpecialSymbol(ch)) {
      unread();
      item = scanSpecialSymbol();
    } else {
      unread();
      item = scanIDOrKeyword();
    }
    items.push(item);
    if (item.tok === "EndOfString") return items;
  }
}

class ParseError {
  constructor(readonly message: string) {}
}

type Context = "KeyAndOperator" | "Values";

class Parser {
  #position = 0;
  readonly #items: readonly ScannedItem[];

  constructor(items: readonly ScannedItem[]) {
    this.#items = items;
  }

  #token(item: ScannedItem, context: Context): [Token, string] {
    // 'in' and 'notin' are operators only right after a key; anywhere else they are identifiers.
    if (context === "Values" && (item.tok === "In" || item.tok === "NotIn"))
      return ["Identifier", item.literal];
    return [item.tok, item.literal];
  }

  lookahead(context: Context): [Token, string] {
    return this.#token(this.#items[this.#position]!, context);
  }

  consume(context: Context): [Token, string] {
    this.#position++;
    return this.#token(this.#items[this.#position - 1]!, context);
  }

  parse(): Requirement[] {
    const requirements: Requirement[] = [];
    for (;;) {
      const [tok, lit] = this.lookahead("Values");
      switch (tok) {
        case "Identifier":
        case "DoesNotExist": {
          requirements.push(this.#requirementOrWrap());
          const [t, l] = this.consume("Values");
          if (t === "EndOfString") return requirements;
          if (t === "Comma") {
            const [t2, l2] = this.lookahead("Values");
            if (t2 !== "Identifier" && t2 !== "DoesNotExist") {
              throw new ParseError(`found '${l2}', expected: identifier after ','`);
            }
            break;
          }
          throw new ParseError(`found '${l}', expected: ',' or 'end of string'`);
        }
        case "EndOfString":
          return requirements;
        default:
          throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  #requirementOrWrap(): Requirement {
    try {
      return this.#parseRequirement();
    } catch (e) {
      if (e instanceof ParseError) throw new ParseError("unable to parse requirement: " + e.message);
      throw e;
    }
  }

  #parseRequirement(): Requirement {
    const [key, inferred] = this.#parseKeyAndInferOperator();
    if (inferred === "exists" || inferred === "!") return this.#build(key, inferred, []);
    const operator = this.#parseOperator();
    const values = operator === "in" || operator === "notin" ? this.#parseValues() : this.#parseExactValue();
    return this.#build(key, operator, [...values].sort(compareGoStrings));
  }

  #build(key: string, operator: SelectionOperator, values: string[]): Requirement {
    const result = newRequirement(key, operator, values);
    if (!result.ok) throw new ParseError(result.error);
    return result.requirement;
  }

  #parseKeyAndInferOperator(): [string, SelectionOperator | null] {
    let operator: SelectionOperator | null = null;
    let [tok, literal] = this.consume("Values");
    if (tok === "DoesNotExist") {
      operator = "!";
      [tok, literal] = this.consume("Values");
    }
    if (tok !== "Identifier") throw new ParseError(`found '${literal}', expected: identifier`);
    const keyMessages = isQualifiedName(literal);
    if (keyMessages.length > 0) {
      // Go validates the key against the parser's path, which is nil here, so the field prints "<nil>".
      throw new ParseError(errorString(invalid(null, literal, keyMessages.join("; "))));
    }
    const [next] = this.lookahead("Values");
    if ((next === "EndOfString" || next === "Comma") && operator !== "!") operator = "exists";
    return [literal, operator];
  }

  #parseOperator(): SelectionOperator {
    const [tok, lit] = this.consume("KeyAndOperator");
    switch (tok) {
      case "In":
        return "in";
      case "Equals":
        return "=";
      case "DoubleEquals":
        return "==";
      case "GreaterThan":
        return "gt";
      case "LessThan":
        return "lt";
      case "NotIn":
        return "notin";
      case "NotEquals":
        return "!=";
      default:
        throw new ParseError(`found '${lit}', expected: ${BINARY_OPERATORS}`);
    }
  }

  #parseValues(): Set<string> {
    const [tok, lit] = this.consume("Values");
    if (tok !== "OpenPar") throw new ParseError(`found '${lit}' expected: '('`);
    const [next, nextLit] = this.lookahead("Values");
    switch (next) {
      case "Identifier":
      case "Comma": {
        const values = this.#parseIdentifiersList();
        // Go reports the literal it looked at before the list here; the list only returns at ')'.
        if (this.consume("Values")[0] !== "ClosedPar")
          throw new ParseError(`found '${nextLit}', expected: ')'`);
        return values;
      }
      case "ClosedPar":
        this.consume("Values");
        return new Set([""]);
      default:
        throw new ParseError(`found '${nextLit}', expected: ',', ')' or identifier`);
    }
  }

  #parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const [tok, lit] = this.consume("Values");
      switch (tok) {
        case "Identifier": {
          values.add(lit);
          const [tok2, lit2] = this.lookahead("Values");
          if (tok2 === "Comma") continue;
          if (tok2 === "ClosedPar") return values;
          throw new ParseError(`found '${lit2}', expected: ',' or ')'`);
        }
        case "Comma": {
          // "(," "a,," and ",)" all stand for an empty value.
          if (values.size === 0) values.add("");
          const [tok2] = this.lookahead("Values");
          if (tok2 === "ClosedPar" || tok2 === "Comma") {
            values.add("");
            if (tok2 === "ClosedPar") return values;
          }
          break;
        }
        default:
          throw new ParseError(`found '${lit}', expected: ',', or identifier`);
      }
    }
  }

  #parseExactValue(): Set<string> {
    const [next] = this.lookahead("Values");
    if (next === "EndOfString" || next === "Comma") return new Set([""]);
    const [tok, lit] = this.consume("Values");
    if (tok === "Identifier") return new Set([lit]);
    throw new ParseError(`found '${lit}', expected: identifier`);
  }
}

/**
 * Parses the string form of a label selector (`kubectl get -l`, `?labelSelector=`), as Go's
 * `labels.Parse`: e.g. `app=web,tier!=db,env in (a,b),!legacy,x notin (y),replicas>2`. Requirements are
 * sorted by key; the empty string selects everything. Errors carry Kubernetes' exact text, e.g.
 * `unable to parse requirement: found '', expected: in, notin, =, ==, !=, gt, lt` or
 * `unable to parse requirement: values[0][env]: Invalid value: "-a": a valid label must be ...`.
 */
export function parseSelector(text: string): SelectorResult {
  try {
    const requirements = new Parser(lex(text)).parse();
    const selector: Selector = { kind: "requirements", requirements: sortRequirements(requirements) };
    return { ok: true, selector };
  } catch (e) {
    if (e instanceof ParseError) return { ok: false, error: e.message };
    throw e;
  }
}

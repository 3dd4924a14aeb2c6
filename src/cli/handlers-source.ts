/**
 * Reading and editing a user's handlers file with ts-morph. Both `add-handler` and `doctor`
 * need the same facts — which variable holds which provider's processor, and which events it
 * handles — so they are found here once, on the syntax tree (never with regular expressions).
 */
import { Node, Project, type SourceFile, SyntaxKind } from "ts-morph";

/** A processor created in the file: `const stripe = getWebhookRegistry().createProcessor("stripe")`. */
export interface ProcessorBinding {
  /** The variable, or `undefined` for a chained `createProcessor("x").on(…)`. */
  readonly variable?: string;
  readonly provider: string;
  readonly webhook: string;
  readonly line: number;
}

/** One `processor.on("event", …)` registration (an array of names gives one per name). */
export interface HandlerRegistration {
  readonly provider: string;
  readonly webhook: string;
  readonly event: string;
  readonly line: number;
  readonly column: number;
}

/** What a handlers file holds. */
export interface HandlersScan {
  readonly processors: readonly ProcessorBinding[];
  readonly handlers: readonly HandlerRegistration[];
}

/** Parses `text` in memory (nothing is read from or written to disk here). */
export function parseSource(text: string, fileName = "handlers.ts"): SourceFile {
  const project = new Project({ useInMemoryFileSystem: true, skipAddingFilesFromTsConfig: true, compilerOptions: { allowJs: true } });
  return project.createSourceFile(fileName, text, { overwrite: true });
}

/** The provider and webhook named by a `….createProcessor("p", "w")` call expression, if it is one. */
function processorCall(node: Node): { provider: string; webhook: string } | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "createProcessor") return undefined;
  const [provider, webhook] = node.getArguments();
  if (provider === undefined || !Node.isStringLiteral(provider)) return undefined;
  const webhookName = webhook !== undefined && Node.isStringLiteral(webhook) ? webhook.getLiteralValue() : "default";
  return { provider: provider.getLiteralValue(), webhook: webhookName };
}

/** Every processor binding and handler registration of `file`. */
export function scanHandlers(file: SourceFile): HandlersScan {
  const processors: ProcessorBinding[] = [];
  const byVariable = new Map<string, { provider: string; webhook: string }>();
  for (const declaration of file.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = declaration.getInitializer();
    const call = init === undefined ? undefined : processorCall(init);
    if (call === undefined) continue;
    const variable = declaration.getName();
    byVariable.set(variable, call);
    processors.push({ variable, ...call, line: declaration.getStartLineNumber() });
  }
  const handlers: HandlerRegistration[] = [];
  for (const call of file.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== "on") continue;
    const target = callee.getExpression();
    // `stripe.on(…)`, or `createProcessor("stripe").on(…)`, or a chain `stripe.on(…).on(…)`.
    const owner = ownerOf(target, byVariable);
    if (owner === undefined) continue;
    const [events] = call.getArguments();
    if (events === undefined) continue;
    const literals = Node.isArrayLiteralExpression(events) ? events.getElements() : [events];
    for (const literal of literals) {
      if (!Node.isStringLiteral(literal) && !Node.isNoSubstitutionTemplateLiteral(literal)) continue;
      const { line, column } = file.getLineAndColumnAtPos(literal.getStart());
      handlers.push({ ...owner, event: literal.getLiteralValue(), line, column });
    }
  }
  return { processors, handlers };
}

function ownerOf(target: Node, byVariable: ReadonlyMap<string, { provider: string; webhook: string }>): { provider: string; webhook: string } | undefined {
  if (Node.isIdentifier(target)) return byVariable.get(target.getText());
  const direct = processorCall(target);
  if (direct !== undefined) return direct;
  // A chained `.on(…).on(…)`: the owner of the inner call.
  if (Node.isCallExpression(target)) {
    const callee = target.getExpression();
    if (Node.isPropertyAccessExpression(callee) && callee.getName() === "on") return ownerOf(callee.getExpression(), byVariable);
  }
  return undefined;
}

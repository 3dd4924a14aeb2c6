/** The config file `init` writes: every option, commented where the default is right for most. */
import type { ProjectSettings } from "./project.js";

/** `smart-api-integrations.config.ts` text stating the given settings. */
export function configFileText(settings: Pick<ProjectSettings, "providersDir" | "outDir" | "handlersFile">): string {
  return `import { defineConfig } from "smart-api-integrations/config";

// Settings of the smart-api-integrations CLI; every flag overrides the option of the same name.
// Reference: docs/config.md
export default defineConfig({
  providersDir: ${JSON.stringify(settings.providersDir)}, // <provider>/webhook.yaml specs
  outDir: ${JSON.stringify(settings.outDir)}, // generated code: commit it, never edit it
  handlersFile: ${JSON.stringify(settings.handlersFile)}, // where add-handler writes and doctor looks
  // frameworks: ["express"], // default: the frameworks package.json depends on, else express
  // nextAppDir: "src/app", // Next.js App Router folder (next-app)
  // importExtension: ".js", // ".js" | ".ts" | "none": how generated files import each other
  // prettier: true, // format generated files with your prettier config
  // templatesDir: "webhook-templates", // your own <framework>.ts.tpl route templates
  // schemasDir: "schemas", // where import-openapi writes schema folders
});
`;
}

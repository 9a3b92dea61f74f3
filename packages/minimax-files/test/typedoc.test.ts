// The API reference TypeDoc builds from src/: the module is named after the package (not "index"),
// FileObject's page lists its fields, and every client method is described.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, type DeclarationReflection, ReflectionKind } from "typedoc";
import { beforeAll, describe, expect, it } from "vitest";

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
let project: Awaited<ReturnType<Application["convert"]>>;

beforeAll(async () => {
  const app = await Application.bootstrapWithPlugins({
    options: join(packageRoot, "typedoc.json"),
    entryPoints: [join(packageRoot, "src/index.ts")],
    tsconfig: join(packageRoot, "tsconfig.build.json"),
    logLevel: "Error",
  });
  project = await app.convert();
}, 60_000);

const summary = (reflection: DeclarationReflection | undefined) =>
  (reflection?.comment ?? reflection?.signatures?.[0]?.comment)?.summary.map((part) => part.text).join("") ?? "";

describe("TypeDoc", () => {
  it("names the module after the package", () => {
    expect(project?.name).toBe("@org/minimax-files");
    expect(project?.getChildrenByKind(ReflectionKind.Module)).toEqual([]);
  });

  it("shows FileObject's fields", () => {
    const fileObject = project?.getChildByName("FileObject") as DeclarationReflection | undefined;
    const fields = fileObject?.getChildrenByKind(ReflectionKind.Property) ?? [];
    expect(fields.map((field) => field.name).sort()).toEqual(
      ["bytes", "created_at", "download_url", "file_id", "filename", "purpose"].sort(),
    );
    // The generated fields carry the spec's text as @description; the runtime's own as a summary.
    for (const field of fields) {
      expect((field.comment?.summary.length ?? 0) + (field.comment?.blockTags.length ?? 0), field.name).toBeGreaterThan(
        0,
      );
    }
  });

  it("describes every client method", () => {
    const client = project?.getChildByName("MiniMaxFiles") as DeclarationReflection | undefined;
    const members = client?.children ?? [];
    expect(members.map((member) => member.name).sort()).toEqual(
      [
        "api",
        "delete",
        "deleteMany",
        "download",
        "list",
        "listAll",
        "retrieve",
        "retrieveContent",
        "upload",
        "uploadMany",
      ].sort(),
    );
    for (const member of members) expect(summary(member), member.name).not.toBe("");
    expect(summary(client?.getChildByName("delete") as DeclarationReflection)).toMatch(/purpose/);
  });
});

import { describe, expect, it } from "vitest";
import { mapName } from "../src/library";

describe("a map's name in the library", () => {
  it("is its title, else its file's name without the extension, else Untitled map (as the title bar says)", () => {
    expect(mapName("Remote work", "/home/ada/remote.map")).toBe("Remote work");
    expect(mapName("  ", "/home/ada/remote work.map")).toBe("remote work");
    expect(mapName("", "C:\\maps\\debate.map")).toBe("debate");
    expect(mapName("", null)).toBe("Untitled map");
  });
});

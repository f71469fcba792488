import { beforeEach, describe, expect, it } from "vitest";
import { discard, guard, held, keep, navigation, setRunning } from "./navigation.svelte";

describe("leaving a screen", () => {
  beforeEach(() => {
    navigation.unsaved = null;
    navigation.pending = null;
    setRunning(false);
  });

  it("goes at once when nothing is unsaved", () => {
    let left = false;
    guard(() => (left = true));
    expect(left).toBe(true);
    expect(held()).toBe(false);
  });

  it("asks first when changes are not applied, and does what was asked only on discard", () => {
    navigation.unsaved = "customers";
    let left = 0;
    guard(() => left++);
    expect(left).toBe(0);
    expect(held()).toBe(true);
    keep();
    expect(navigation.pending).toBeNull();
    guard(() => left++);
    discard();
    expect(left).toBe(1);
    expect(navigation.unsaved).toBeNull();
  });

  it("never leaves during a bulk run, and says why", () => {
    setRunning(true);
    let left = false;
    guard(() => (left = true));
    expect(left).toBe(false);
    expect(navigation.blocked).toBe(true);
    setRunning(false);
    expect(navigation.blocked).toBe(false);
  });
});

import { tick } from "svelte";
import { api } from "./api";

/** Tell Rust a screen is drawn and live (timed by scripts/bench): after Svelte's update and the
 *  paint that follows it (two animation frames). */
export async function announceReady(name: string): Promise<void> {
  await tick();
  requestAnimationFrame(() => requestAnimationFrame(() => void api.screenReady(name).catch(() => {})));
}

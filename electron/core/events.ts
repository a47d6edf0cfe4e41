import type { EventName, Events } from '../../shared/contract';

export type EventListener = <E extends EventName>(name: E, payload: Events[E]) => void;

/** The core's one outlet for pushed events; each transport subscribes and forwards to its clients. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  emit<E extends EventName>(name: E, payload: Events[E]): void {
    for (const listener of this.#listeners) listener(name, payload);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}

import { hasBidiControls, revealBidiControls } from './bidi';
import './text.css';

/** A caption or a tag: isolated, so its direction cannot spill into the layout around it. */
export function UserText({ text }: { text: string }) {
  return <bdi>{text}</bdi>;
}

/** A file name or path: isolated, with any bidi control shown as a marker rather than obeyed. */
export function NameText({ text }: { text: string }) {
  if (!hasBidiControls(text)) return <bdi>{text}</bdi>;
  return (
    <bdi className="has-bidi-controls" title="This name contains invisible direction controls">
      {revealBidiControls(text)}
    </bdi>
  );
}

// What the window may ask the browser for: camera, microphone, location, notifications, clipboard reads,
// HID/USB/serial devices and the rest are refused, because the UI uses none of them. A permission the UI
// comes to need is added to APP_PERMISSIONS with that feature, and is granted to the app's own pages only.
import type { Session } from 'electron';

export const APP_PERMISSIONS: ReadonlySet<string> = new Set<string>();

export function isPermissionGranted(
  permission: string,
  requestingUrl: string,
  isApp: (url: string) => boolean,
  allowed: ReadonlySet<string> = APP_PERMISSIONS,
): boolean {
  return allowed.has(permission) && isApp(requestingUrl);
}

type PermissionSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
>;

/** Installs the decision on a session: requests (prompts), checks (queries) and device access. */
export function guardPermissions(session: PermissionSession, isApp: (url: string) => boolean): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl, isApp));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    isPermissionGranted(permission, requestingOrigin, isApp),
  );
  session.setDevicePermissionHandler(() => false);
}

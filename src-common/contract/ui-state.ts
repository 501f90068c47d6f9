/** GUI state the backend keeps across restarts (shared by the Electron window and browser tabs). */

export interface LastView {
  clusterId: string;
  /** The hash route, e.g. "/c/embedded/topics/orders/messages?start=earliest". */
  path: string;
}

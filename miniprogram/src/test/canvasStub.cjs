/**
 * jsdom has no canvas; NutUI's bundled lottie draws on one when it loads. A 2D context that ignores every call.
 * (Tests that run in node, such as scripts/check-weapp.test.ts, have no DOM to stub.)
 */
if (typeof HTMLCanvasElement !== 'undefined') {
  HTMLCanvasElement.prototype.getContext = function getContext() {
    return new Proxy(
      {},
      { get: (t, k) => (k in t ? t[k] : () => undefined), set: (t, k, v) => ((t[k] = v), true) },
    );
  };
}

/** jsdom has no canvas; NutUI's bundled lottie draws on one when it loads. A 2D context that ignores every call. */
HTMLCanvasElement.prototype.getContext = function getContext() {
  return new Proxy({}, { get: (t, k) => (k in t ? t[k] : () => undefined), set: (t, k, v) => ((t[k] = v), true) });
};

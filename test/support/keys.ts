/** Keys as users name files: spaces, `+`, `:` and accents (composed and decomposed). */
export const AWKWARD_KEYS = [
  'uploads/my clip.mp4',
  'uploads/a+b=c.mp4',
  'uploads/2024-03-07T09:05:00Z.mov',
  'uploads/été/Café Crème.mxf',
  'uploads/Cafe\u0301 (decomposed).mp4',
];

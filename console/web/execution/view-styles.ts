/** The execution view's own styles, scoped by its `sfx-` classes, so the view looks right on any page. */
export const VIEW_STYLES = `
.sfx-execution { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: #16191f; font-size: 14px; }
.sfx-execution h2 { font-size: 18px; margin: 0 0 8px; overflow-wrap: anywhere; }
.sfx-status { font-size: 13px; font-weight: 600; padding: 2px 8px; border-radius: 10px; background: #f2f3f3; vertical-align: middle; }
.sfx-status-succeeded { background: #dff3d8; color: #1d6102; }
.sfx-status-failed, .sfx-status-timed_out, .sfx-status-aborted { background: #fbdcd6; color: #a52a0f; }
.sfx-status-running { background: #d6ebfa; color: #005a91; }
.sfx-summary dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 12px; }
.sfx-summary dt { font-weight: 600; color: #545b64; }
.sfx-summary dd { margin: 0; overflow-wrap: anywhere; }
.sfx-cause { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; }
.sfx-attempts { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; margin: 0 0 12px; }
.sfx-attempts-label { font-weight: 600; color: #545b64; }
.sfx-attempts button { font: inherit; padding: 4px 12px; border: 1px solid #879596; border-radius: 16px; background: #fff; color: #16191f; cursor: pointer; }
.sfx-attempts button[aria-pressed="true"] { background: #0073bb; border-color: #0073bb; color: #fff; font-weight: 600; }
.sfx-attempts button:focus-visible { outline: 3px solid #00a1c9; outline-offset: 2px; }
.sfx-figure { margin: 0 0 16px; }
.sfx-graph-scroll { overflow: auto; max-width: 100%; border: 1px solid #e1e4e6; border-radius: 4px; background: #fafafa; }
.sfx-graph { display: block; margin: 0 auto; max-width: 100%; height: auto; font-family: inherit; }
.sfx-legend { display: flex; flex-wrap: wrap; gap: 6px 16px; list-style: none; padding: 0; margin: 8px 0 0; font-size: 13px; }
.sfx-legend li { display: flex; align-items: center; gap: 6px; }
.sfx-swatch { display: inline-block; width: 18px; height: 12px; border: 2px solid; border-radius: 3px; }
.sfx-swatch-carried { border: 2px dashed #1d8102; background: #dff3d8; }
.sfx-line { display: inline-block; width: 24px; height: 0; border-top: 2px solid #16191f; }
.sfx-line-catch { border-top-style: dashed; }
.sfx-history { border-collapse: collapse; width: 100%; font-size: 13px; }
.sfx-history caption { text-align: left; font-weight: 600; font-size: 15px; padding: 4px 0; }
.sfx-history th, .sfx-history td { border-bottom: 1px solid #e1e4e6; padding: 4px 8px; text-align: left; vertical-align: top; }
.sfx-history th { background: #f2f3f3; }
.sfx-history td:nth-child(7) { min-width: 16em; }
.sfx-history tr.sfx-error-row td { background: #fdf0ee; }
.sfx-history tr.sfx-other-attempt td { color: #687078; }
.sfx-history pre { margin: 4px 0; max-width: 40em; max-height: 24em; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; background: #f7f7f7; padding: 4px; }
.sfx-history summary { cursor: pointer; white-space: nowrap; }
`;

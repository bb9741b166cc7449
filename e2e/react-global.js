// Injected by bundle.mjs into every bundle: a few modules of react-filerobot-image-editor (5.0.0-beta.91
// and 5.0.1 as published: HistoryButtons, TabsNavbar, TabsResponsive, …) call React.createElement
// without importing React, counting on the bundler to provide it (webpack's ProvidePlugin); esbuild's
// inject does the same.
import * as React from 'react';

export { React };

import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { ALL_LABELS, brief, run } from './engine-helpers.js';

/** Library-input hits of a package file (no exports: the plugin registers itself on jQuery). */
function lib(src: string, path = 'src/plugin.js') {
  return brief(run(src, { path, labels: ALL_LABELS, models: MODELS })).filter((b) => b.label === 'library-input');
}

describe('taint engine: jQuery plugins and widgets as library API', () => {
  it('$.fn.x options merged with $.extend and built into markup in an each() callback', () => {
    expect(lib(`(function ($) {
  $.fn.tip = function (options) {
    var opts = $.extend({}, $.fn.tip.defaults, options);
    return this.each(function () {
      $(this).append('<div class="tip">' + opts.title + '</div>');
    });
  };
})(jQuery);`)).toEqual([{ kind: 'xss', sink: 5, source: 2, label: 'library-input' }]);
  });

  it('the same option set with .text(), or a whole template option, is clean', () => {
    expect(lib(`(function ($) {
  $.fn.tip = function (options) {
    var opts = $.extend({}, $.fn.tip.defaults, options);
    return this.each(function () {
      $('<div class="tip">').text(opts.title).appendTo(this);
      $(this).append($('<b>').text(opts.title));
      $(this).append(opts.template);
    });
  };
})(jQuery);`)).toEqual([]);
  });

  it('a constructor keeps the options in this.options; a prototype method builds markup from them', () => {
    expect(lib(`(function ($) {
  function Tip(element, options) {
    this.$el = $(element);
    this.options = $.extend({}, Tip.DEFAULTS, options);
  }
  Tip.prototype.show = function () {
    var tpl = '<div class="tip"><b>' + this.options.title + '</b></div>';
    this.$el.after(tpl);
  };
  $.fn.tip = function (option) {
    return this.each(function () { new Tip(this, option).show(); });
  };
})(jQuery);`).map((b) => b.sink)).toEqual([8, 8]);
  });

  it('the fixed form escapes the option before it is built in', () => {
    expect(lib(`(function ($) {
  function esc(s) { return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;'); }
  function Tip(element, options) {
    this.$el = $(element);
    this.options = $.extend({}, Tip.DEFAULTS, options);
  }
  Tip.prototype.show = function () {
    this.$el.after('<div class="tip"><b>' + esc(this.options.title) + '</b></div>');
  };
  $.fn.tip = function (option) {
    return this.each(function () { new Tip(this, option).show(); });
  };
})(jQuery);`)).toEqual([]);
  });

  it('a public prototype method argument (an item) built into an attribute is flagged', () => {
    expect(lib(`(function ($) {
  function Tags(element, options) { this.$element = $(element); this.options = options || {}; }
  Tags.prototype = {
    add: function (item) {
      var title = this.options.itemTitle(item);
      this.$element.before($('<span class="tag" title="' + title + '">x</span>'));
    }
  };
  $.fn.tags = function (arg) { return this.each(function () { new Tags(this, arg); }); };
})(window.jQuery);`)).toContainEqual({ kind: 'xss', sink: 6, source: 4, label: 'library-input' });
  });

  it("$.widget: this.options in the widget methods is the caller's options", () => {
    expect(lib(`(function ($) {
  $.widget('ui.tip', {
    options: { title: '' },
    _create: function () {
      this.element.html('<span class="t">' + this.options.title + '</span>');
    }
  });
})(jQuery);`)).toEqual([{ kind: 'xss', sink: 5, source: 2, label: 'library-input' }]);
  });

  it('$.widget: the option set as text is clean', () => {
    expect(lib(`(function ($) {
  $.widget('ui.tip', {
    options: { title: '' },
    _create: function () {
      $('<span class="t">').text(this.options.title).appendTo(this.element);
    }
  });
})(jQuery);`)).toEqual([]);
  });

  it('$.fn.extend({ x: fn }) and ES classes registered with $.fn[NAME]', () => {
    expect(lib(`(function ($) {
  $.fn.extend({ tip: function (opts) { this.html('<b>' + opts.title + '</b>'); } });
})(jQuery);`)).toEqual([{ kind: 'xss', sink: 2, source: 2, label: 'library-input' }]);
    expect(lib(`const NAME = 'tip';
class Tip {
  constructor(element, config) { this.element = element; this.config = { ...config }; }
  show() { this.element.innerHTML = '<div class="tip">' + this.config.title + '</div>'; }
  static _jQueryInterface(config) { return this.each(function () { new Tip(this, config).show(); }); }
}
$.fn[NAME] = Tip._jQueryInterface;`)).toEqual([{ kind: 'xss', sink: 4, source: 3, label: 'library-input' }]);
  });

  it('a text option (closeText) given whole to an HTML sink: button({ label }) is flagged', () => {
    expect(lib(`(function ($) {
  $.widget('ui.dlg', {
    options: { closeText: 'close' },
    _createTitlebar: function () {
      this.close = $("<button type='button'></button>").button({ label: this.options.closeText });
    }
  });
})(jQuery);`)).toEqual([{ kind: 'xss', sink: 5, source: 2, label: 'library-input' }]);
  });

  it('the same text escaped through .text().html(), or a template option given whole, is clean', () => {
    expect(lib(`(function ($) {
  $.widget('ui.dlg', {
    options: { closeText: 'close', template: '<div></div>' },
    _createTitlebar: function () {
      this.close = $("<button type='button'></button>").button({ label: $('<a>').text(this.options.closeText).html() });
      this.element.html(this.options.template);
    }
  });
})(jQuery);`)).toEqual([]);
  });

  it('an escaper by name on a module the engine cannot resolve (a bundle\'s own require) cleans', () => {
    expect(lib(`(function (require) {
  var util = require('./util');
  function Drag(node) { this.$el = $('<span class="t">' + util.html_escape(node.name) + '</span>'); }
  Drag.prototype.move = function () {};
  $.fn.drag = function (o) { return new Drag(o); };
})(bundleRequire);`)).toEqual([]);
  });

  it("an app's own jQuery code (no plugin registered) gets no library input", () => {
    expect(lib(`(function ($) {
  function Panel(el, opts) { this.el = el; this.opts = opts; }
  Panel.prototype.render = function () { this.el.innerHTML = '<b>' + this.opts.title + '</b>'; };
  $(function () { new Panel(document.body, window.CONFIG).render(); });
})(jQuery);`)).toEqual([]);
  });
});

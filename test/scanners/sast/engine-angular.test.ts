/** Angular components: route and URL sources, DomSanitizer bypasses, innerHTML through ElementRef and Renderer2. */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../../src/scanners/sast/models/index.js';
import { brief, run, WEB_LABELS } from './engine-helpers.js';

const hits = (code: string) => brief(run(code, { models: MODELS, path: 'src/app/page.component.ts', labels: WEB_LABELS })).map((h) => `${h.sink}:${h.kind}`);

// Line 9 is the first line of a test's body.
const HEAD = `import { Component, ElementRef, Input, OnInit, Renderer2 } from '@angular/core';
import { Location } from '@angular/common';
import { ActivatedRoute, Router } from '@angular/router';
import { DomSanitizer, SafeHtml } from '@angular/platform-browser';
import DOMPurify from 'dompurify';
@Component({ selector: 'app-page', template: '<div [innerHTML]="html"></div>' })
export class PageComponent implements OnInit {
  constructor(private route: ActivatedRoute, private router: Router, private loc: Location, private sanitizer: DomSanitizer, private el: ElementRef, private renderer: Renderer2) {}
`;

describe('Angular components', () => {
  it('route parameters reach DomSanitizer bypasses, nativeElement.innerHTML and Renderer2.setProperty', () => {
    expect(hits(`${HEAD}  html: SafeHtml = '';
  ngOnInit() {
    const q = this.route.snapshot.queryParams['q'];
    this.html = this.sanitizer.bypassSecurityTrustHtml(q);
    this.el.nativeElement.innerHTML = this.route.snapshot.paramMap.get('id');
    this.route.queryParams.subscribe((p) => { this.renderer.setProperty(this.el.nativeElement, 'innerHTML', p['x']); });
    this.route.paramMap.subscribe((m) => { this.html = this.sanitizer.bypassSecurityTrustResourceUrl(m.get('src')); });
    this.html = this.sanitizer.bypassSecurityTrustUrl(this.router.url);
    this.html = this.sanitizer.bypassSecurityTrustStyle(this.loc.path());
  }
}`)).toEqual(['12:xss', '13:xss', '14:xss', '15:xss', '16:xss', '17:xss']);
  });

  it('an @Input, sanitized or numeric values, text properties and route data are not reported', () => {
    expect(hits(`${HEAD}  @Input() html = '';
  @Input() set content(v: string) { this.el.nativeElement.innerHTML = v; }
  ngOnInit() {
    this.sanitizer.bypassSecurityTrustHtml(this.html);
    const q = this.route.snapshot.queryParams['q'];
    this.sanitizer.bypassSecurityTrustHtml(DOMPurify.sanitize(q));
    this.el.nativeElement.innerHTML = Number(this.route.snapshot.params['id']);
    this.el.nativeElement.textContent = q;
    this.renderer.setProperty(this.el.nativeElement, 'textContent', q);
    this.el.nativeElement.innerHTML = this.route.snapshot.data['title'];
    this.route.queryParams.subscribe((p) => { this.renderer.setAttribute(this.el.nativeElement, 'title', p['x']); });
  }
}`)).toEqual([]);
  });
});

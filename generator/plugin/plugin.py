"""MkDocs events, in lifecycle order. Each one hands over to the pipeline."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator import report
from generator.messages import UserError
from generator.model import Library
from generator.pipeline import LibraryError, load_library
from generator.plugin.config import HuikuanConfig, library_folder, plugin_language
from generator.render.site import SiteOptions
from generator.render.site.bundle import SCRIPTS, SEARCH_INDEX_LOADER, SHIM, STYLESHEETS, generated_files
from generator.render.site.html_blocks import PageHtml, SiteMarkdown
from generator.render.site.links import expand_links
from generator.render.site.minify import minify
from generator.render.site.nav import compact_nav
from generator.render.site.pages import Page as SitePage
from generator.render.site.pages import SiteRenderer
from generator.render.site.search import compact_search_index, jieba_user_dictionary, use_user_dictionary

from .search_worker import BatchedSearchIndex, SearchWorker
from .shared_partials import SharedRenderings, share_partials, write_scripts
from .structure import FolderSections, GeneratedPage
from .theme_assets import mend_search_workers, unused_theme_files

log = logging.getLogger("mkdocs.plugins.huikuan")
SERVE_PLAYBOOKS_NOTE = """# 打印手册

预览服务器（`huikuan serve`）为了改动后即时刷新，不生成 PDF 手册。
运行 `huikuan build` 或 `huikuan playbooks` 生成全部打印手册。
"""


def _material_plugin(config: MkDocsConfig, name: str):
    """One of Material's plugins, configured as `name` or `material/name` and enabled, or None."""
    plugin = config.plugins.get(f"material/{name}") or config.plugins.get(name)
    return plugin if plugin is not None and plugin.config.get("enabled", True) else None


class HuikuanPlugin(BasePlugin[HuikuanConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.library: Library | None = None
        self.library_dir: Path | None = None
        self.renderer: SiteRenderer | None = None
        self.serving = False
        self.search_index: BatchedSearchIndex | None = None
        self.search_worker: SearchWorker | None = None  # serve's, kept between rebuilds
        self.one_search_index = False  # the offline plugin's search_index.js is the only copy
        self.shared: SharedRenderings | None = None  # this build's partials rendered once per folder
        self.prepared: dict[str, PageHtml] = {}  # generated pages' HTML, by path, until on_nav
        self.sections = FolderSections()  # pages outside the navigation shown in their folder's place

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this event also keeps the plugin alive between the rebuilds of `serve`.
        # Rendering PDFs on every edit would make the preview slow, so serve leaves them out.
        self.serving = command == "serve"

    # Before Material's search and offline plugins read their configuration.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or ".").resolve().parent
        self.library_dir = library_folder(base, self.config.library)
        if not self.library_dir.is_dir():
            raise self._refusal(f"找不到库文件夹 {self.library_dir}：检查 mkdocs.yml 里 huikuan 插件的 library 设置",
                                f"library folder not found: {self.library_dir} (the huikuan plugin's library "
                                "setting in mkdocs.yml)")
        try:
            self.library = load_library(self.library_dir, self.lang)
        except LibraryError as error:
            raise self._refusal(f"库里有错误，网站没有生成。\n{error}",
                                f"the library has errors, nothing was built.\n{error}") from None
        config.extra_css.extend(STYLESHEETS)
        config.extra_javascript.extend(SCRIPTS)
        # The offline plugin would add the iframe-worker shim from a CDN; serve it ourselves.
        polyfills = config.extra.setdefault("polyfills", [])
        if not any("iframe-worker" in p for p in polyfills):
            polyfills.append(SHIM)
        # The offline plugin copies the search index into search_index.js for file://; with it,
        # that copy is the only one, and http requests for the JSON are answered from it.
        self.one_search_index = _material_plugin(config, "offline") is not None
        if self.one_search_index and SEARCH_INDEX_LOADER not in polyfills:
            polyfills.append(SEARCH_INDEX_LOADER)
        if config.nav is None:
            config.nav = compact_nav(self.library, Path(config.docs_dir), self.config.playbooks)
        logging.getLogger("jieba").setLevel(logging.WARNING)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.library is not None
        search = _material_plugin(config, "search")
        langs = search.config.lang if search is not None else None
        for file in unused_theme_files(files, config.theme.dirs, langs):
            files.remove(file)
        if search is not None:
            mend_search_workers(files, config)
        # Ours rather than the search plugin's `jieba_dict_user`, which would load it again on
        # every build of one process.
        dictionary = self._jieba_dictionary(config)
        # jieba is loaded here while the forked child starts generating pages, so the search
        # worker (forked after) starts with it, and this process has it to take batches back at
        # the end; loaded then, it held the GIL for half a second while the worker, fed by this
        # process's threads, stood idle. (serve keeps a spawned worker with its own jieba.)
        load_jieba = (lambda: use_user_dictionary(dictionary)) if search is not None and not self.serving else None
        # Generated pages are rendered to HTML with the site's Markdown settings as they are
        # generated (entry pages in two processes), so MkDocs' process need not run Markdown.
        options = SiteOptions(directory_urls=config.use_directory_urls,
                              markdown=SiteMarkdown(config.markdown_extensions, config.mdx_configs or {}))
        self.renderer = SiteRenderer(self.library, options)
        self.prepared = {}
        playbooks, extra = ({}, [])
        if self.config.playbooks and self.serving:
            playbooks = {"playbooks/index.md": SERVE_PLAYBOOKS_NOTE}
        elif self.config.playbooks:
            playbooks, extra = self._playbooks(config)
        # Rendered before the search worker starts: rendering forks, which needs one thread.
        for path, content in generated_files(self.library, options, extra, load_jieba).items():
            self._add(files, config, path, content)
        self._take_over_search_index(config, dictionary)
        for path, content in playbooks.items():
            self._add(files, config, path, content)
        # The contribution guide lives beside mkdocs.yml, where GitHub shows it; the site gets it too.
        guide = Path(config.config_file_path or ".").resolve().parent / "CONTRIBUTING.md"
        if guide.is_file():
            self._add(files, config, "contributing.md", guide.read_text(encoding="utf-8"))
        return files

    @event_priority(-50)  # after other plugins have made their pages
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # MkDocs has made a Page for every file by now, titled from the navigation however its
        # paths are spelled; the generated ones take their prepared HTML. A page another plugin
        # made of its own class is left to MkDocs.
        for file in files.documentation_pages():
            page_html = self.prepared.get(file.src_uri)
            if page_html is not None and type(file.page) is Page:
                GeneratedPage.adopt(file.page, page_html)
        self.prepared = {}
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # Material's instant navigation swaps pages without parsing them: no document.write there.
        as_scripts = "navigation.instant" not in (config.theme.get("features") or [])
        self.shared = share_partials(env, config.theme.dirs, as_scripts)
        return env

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by or self.renderer is None:  # generated pages hold no links to expand
            return markdown
        display = os.path.relpath(page.file.abs_src_path or page.file.src_uri)
        expanded, problems = expand_links(markdown, page.file.src_uri, display, self.renderer)
        if problems:
            found = report.text(problems, 1, self.lang)
            raise self._refusal(f"页面里有不存在的条目 ID。\n{found}", f"unknown entry IDs in a page.\n{found}")
        return expanded

    def on_page_context(self, context: dict, *, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        self.sections.show(page, nav)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        self.sections.hide()
        return minify(output)

    # After Material's search writes its index and the offline plugin copies it.
    @event_priority(-150)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        compacted = self.search_index is not None and self.search_index.compacted
        compact_search_index(Path(config.site_dir) / "search", one_copy=self.one_search_index,
                             docs_compacted=compacted)
        write_scripts(self.shared, Path(config.site_dir))
        self.sections.forget()
        if not config.site_url:
            # MkDocs lists a page in the sitemap only by its full address: without site_url the
            # sitemap it writes is empty, an invitation to crawlers with nothing in it.
            for name in ("sitemap.xml", "sitemap.xml.gz"):
                (Path(config.site_dir) / name).unlink(missing_ok=True)

    def on_build_error(self, *, error: Exception) -> None:
        self.prepared = {}  # serve keeps this plugin: do not hold a failed build's pages
        self.sections.forget()
        if self.search_index is not None:
            self.search_index.close()
            self.search_index = None

    def on_shutdown(self) -> None:
        if self.search_worker is not None:
            self.search_worker.close()
            self.search_worker = None

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        if self.library_dir is not None:
            server.watch(str(self.library_dir))
        return server

    # -- helpers -------------------------------------------------------------------------------

    @property
    def lang(self) -> str:
        """The language of the plugin's refusals: the command line's (`huikuan build --lang en`,
        through $HUIKUAN_LANG), else ``lang`` in mkdocs.yml."""
        return plugin_language(self.config.lang)

    def _refusal(self, zh: str, en: str) -> PluginError:
        """What stops the build, in the plugin's language."""
        return PluginError("huikuan: " + UserError(zh, en).say(self.lang))

    def _take_over_search_index(self, config: MkDocsConfig, dictionary: Path) -> None:
        # Here and not in on_config: the search plugin makes its index in its own on_config,
        # which runs after ours.
        search = _material_plugin(config, "search")
        index = getattr(search, "search_index", None)
        if index is None or isinstance(index, BatchedSearchIndex):
            self.search_index = None  # nothing to take over this build (none left from serve's last)
            return
        worker = None
        if self.config.parallel_search and self.serving:
            if self.search_worker is None:
                self.search_worker = SearchWorker(dict(index.config), keep=True)
            worker = self.search_worker
        elif self.config.parallel_search:
            worker = SearchWorker(dict(index.config), keep=False)
        ahead = [page_html.html for page_html in self.prepared.values()]  # in build order
        self.search_index = search.search_index = BatchedSearchIndex(index, worker, dictionary, ahead)

    def _add(self, files: Files, config: MkDocsConfig, path: str, content: SitePage | str | bytes) -> None:
        existing = files.get_file_from_path(path)
        if existing is not None:
            if existing.generated_by:
                files.remove(existing)
            else:  # a hand-written page of the same path wins
                return
        page = content if isinstance(content, SitePage) else None
        file = File.generated(config, path, content=page.markdown if page else content)
        files.append(file)
        if page is not None and page.html is not None:
            self.prepared[path] = page.html
        else:
            self.prepared.pop(path, None)

    def _playbooks(self, config: MkDocsConfig) -> tuple[dict[str, bytes], list]:
        """PDF and HTML playbooks under playbooks/, reused from .huikuan-cache/ when unchanged."""
        import sys

        import click

        from generator.render.playbooks import NoCJKFont
        from generator.render.playbooks.site import index_page, site_files

        assert self.library is not None
        cache = Path(config.config_file_path or ".").resolve().parent / ".huikuan-cache" / "playbooks"

        def progress(total: int):
            return click.progressbar(length=total, label="打印手册", file=sys.stderr,
                                     item_show_func=lambda slug: slug or "")

        try:
            files, run = site_files(self.library, cache, progress=progress if sys.stderr.isatty() else None)
        except NoCJKFont as error:
            without = {"zh": "不要打印手册的网站：在 mkdocs.yml 里给 huikuan 插件设 playbooks: false。",
                       "en": "A site without playbooks: set `playbooks: false` for the huikuan plugin in mkdocs.yml."}
            lang = self.lang
            raise PluginError(f"huikuan: {error.say(lang)}\n{without[lang]}") from None
        if run.rendered:
            log.info("huikuan: %d of %d playbooks rendered, the others reused", len(run.rendered), len(run.results))
        if run.layout_unreadable:
            log.warning("huikuan: %s", run.layout_unreadable.say(self.lang))
        return files, [index_page(self.library, {r.playbook.slug: r.pages for r in run.results})]

    def _jieba_dictionary(self, config: MkDocsConfig) -> Path:
        """The user dictionary, in the project's own cache (a fixed name in /tmp could be planted)."""
        assert self.library is not None
        text = jieba_user_dictionary(self.library)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        cache = Path(config.config_file_path or ".").resolve().parent / ".huikuan-cache"
        cache.mkdir(exist_ok=True)
        path = cache / f"jieba-{digest}.txt"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(tmp, path)
        return path

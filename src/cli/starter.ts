/**
 * The starter pack of `linli pack init`: pack.json and one lesson with a quiz and a checklist in
 * each chosen language. It teaches the format itself (so it states no safety facts that could be
 * wrong) and passes `linli pack check` as it is.
 */
import type { ContentLang } from '../lib/shared/lesson';

interface Texts {
	packTitle: string;
	packDescription: string;
	publisher: string;
	firstVersion: string;
	lesson: string;
}

const EN: Texts = {
	packTitle: 'My lesson pack',
	packDescription:
		'A starter pack made with linli pack init: replace this description with your own.',
	publisher: 'Your organisation',
	firstVersion: 'First version.',
	lesson: `---
id: start-here
title: Start here
summary: How this starter lesson is built, so that you can replace it with your own.
minutes: 3
order: 1
---

This is the first lesson of your pack. Replace this text with your own. Keep sentences short and
give each paragraph one idea.

## What a lesson holds

Each lesson is one file per language. The part between the two \`---\` lines at the top is the
front matter: the lesson's id, title, summary, reading time and place in the pack. The id and the
order are the same in every language.

:::tip
Run \`linli pack check\` after every change: it points to the line of each problem.
:::

## Before you publish

\`\`\`checklist
id: before-publishing
title: Before you publish
items:
  - id: facts
    text: Every fact comes from a source listed in pack.json
  - id: languages
    text: Every lesson exists in every language of the pack
  - id: check
    text: linli pack check shows no errors
  - id: sign
    text: The pack file is built and signed with your key
\`\`\`

## Check yourself

\`\`\`quiz
id: start-here-quiz
questions:
  - id: where-id
    type: single
    prompt: Where is a lesson's id written?
    options:
      - text: In the front matter at the top of the lesson file
        correct: true
        explain: Right. The id, title, summary, reading time and order are all there.
      - text: In the file name
        explain: The file name is only for you; the id is in the front matter.
      - text: Nowhere; Linli makes one up
        explain: You choose the id, and it must never change once the pack is published.
  - id: same-everywhere
    type: multiple
    prompt: Which of these must be the same in every language? Choose all that apply.
    options:
      - text: The lesson id
        correct: true
        explain: Readers' progress is stored under it on their phones.
      - text: Which quiz answers are correct
        correct: true
        explain: The checker compares the languages, so that no translation teaches something else.
      - text: The wording of the title
        explain: Each language has its own title, written as a native speaker would write it.
  - id: check-first
    type: truefalse
    prompt: A pack with errors can still be built into a pack file.
    answer: false
    explain: linli pack build checks the pack first and stops while any error is left.
\`\`\`
`
};

const ZH_HANT: Texts = {
	packTitle: '我的課程包',
	packDescription: '用 linli pack init 建立的入門課程包：請換成您自己的說明。',
	publisher: '您的機構',
	firstVersion: '第一版。',
	lesson: `---
id: start-here
title: 從這裡開始
summary: 看看這堂入門課是怎麼寫的，再換成您自己的內容。
minutes: 3
order: 1
---

這是課程包的第一堂課。請把這段文字換成您自己的內容。句子要短，一段只講一件事。

## 一堂課包含什麼

每堂課在每種語言各有一個檔案。檔案開頭兩行 \`---\` 之間是前言（front matter）：課程的 id、標題、摘要、閱讀時間和在課程包中的順序。id 和順序在每種語言都相同。

:::tip
每次修改後都執行 \`linli pack check\`：它會指出每個問題在哪一行。
:::

## 發布之前

\`\`\`checklist
id: before-publishing
title: 發布之前
items:
  - id: facts
    text: 每項事實都來自 pack.json 列出的來源
  - id: languages
    text: 每堂課都有課程包每種語言的版本
  - id: check
    text: linli pack check 沒有顯示任何錯誤
  - id: sign
    text: 課程包檔案已經建置，並用您的金鑰簽署
\`\`\`

## 自我檢測

\`\`\`quiz
id: start-here-quiz
questions:
  - id: where-id
    type: single
    prompt: 課程的 id 寫在哪裡？
    options:
      - text: 寫在課程檔案開頭的前言裡
        correct: true
        explain: 沒錯。id、標題、摘要、閱讀時間和順序都寫在那裡。
      - text: 寫在檔案名稱裡
        explain: 檔案名稱只是方便您自己整理；id 寫在前言裡。
      - text: 不用寫，Linli 會自動產生
        explain: id 由您決定，課程包發布後就不能再改。
  - id: same-everywhere
    type: multiple
    prompt: 哪些在每種語言都必須相同？請選出所有正確答案。
    options:
      - text: 課程的 id
        correct: true
        explain: 讀者手機上的學習進度就記在這個 id 底下。
      - text: 測驗中哪些答案是正確的
        correct: true
        explain: 檢查工具會比對各語言，避免某個譯本教了不一樣的內容。
      - text: 標題的字句
        explain: 每種語言有自己的標題，要寫得像母語人士寫的一樣。
  - id: check-first
    type: truefalse
    prompt: 有錯誤的課程包仍然可以建置成課程包檔案。
    answer: false
    explain: linli pack build 會先檢查課程包，只要還有錯誤就會停止。
\`\`\`
`
};

const ZH_HANS: Texts = {
	packTitle: '我的课程包',
	packDescription: '用 linli pack init 创建的入门课程包：请换成你自己的说明。',
	publisher: '你的机构',
	firstVersion: '第一版。',
	lesson: `---
id: start-here
title: 从这里开始
summary: 看看这节入门课是怎么写的，再换成你自己的内容。
minutes: 3
order: 1
---

这是课程包的第一节课。请把这段文字换成你自己的内容。句子要短，一段只讲一件事。

## 一节课包含什么

每节课在每种语言中各有一个文件。文件开头两行 \`---\` 之间是前言（front matter）：课程的 id、标题、摘要、阅读时间和在课程包中的顺序。id 和顺序在每种语言中都相同。

:::tip
每次修改后都运行 \`linli pack check\`：它会指出每个问题在哪一行。
:::

## 发布之前

\`\`\`checklist
id: before-publishing
title: 发布之前
items:
  - id: facts
    text: 每条事实都来自 pack.json 中列出的来源
  - id: languages
    text: 每节课都有课程包所有语言的版本
  - id: check
    text: linli pack check 没有报告任何错误
  - id: sign
    text: 课程包文件已经构建，并用你的密钥签名
\`\`\`

## 自测

\`\`\`quiz
id: start-here-quiz
questions:
  - id: where-id
    type: single
    prompt: 课程的 id 写在哪里？
    options:
      - text: 写在课程文件开头的前言里
        correct: true
        explain: 没错。id、标题、摘要、阅读时间和顺序都写在那里。
      - text: 写在文件名里
        explain: 文件名只是方便你自己整理；id 写在前言里。
      - text: 不用写，Linli 会自动生成
        explain: id 由你决定，课程包发布后就不能再改。
  - id: same-everywhere
    type: multiple
    prompt: 哪些在每种语言中都必须相同？请选出所有正确答案。
    options:
      - text: 课程的 id
        correct: true
        explain: 读者手机上的学习进度就记在这个 id 下面。
      - text: 测验中哪些答案是正确的
        correct: true
        explain: 检查工具会比对各语言，避免某个译本教了不一样的内容。
      - text: 标题的措辞
        explain: 每种语言有自己的标题，要写得像母语者写的一样。
  - id: check-first
    type: truefalse
    prompt: 有错误的课程包仍然可以构建成课程包文件。
    answer: false
    explain: linli pack build 会先检查课程包，只要还有错误就会停止。
\`\`\`
`
};

const TEXTS: Record<ContentLang, Texts> = { en: EN, 'zh-Hant': ZH_HANT, 'zh-Hans': ZH_HANS };

export interface StarterOptions {
	id: string;
	languages: ContentLang[];
	publisher?: string;
	/** Today, YYYY-MM-DD: the changelog's date and when the source was accessed. */
	date: string;
}

/** The starter pack's files, by path relative to the pack folder. */
export function starterFiles(options: StarterOptions): Map<string, string> {
	const { id, languages, date } = options;
	const perLang = (pick: (texts: Texts) => string) =>
		Object.fromEntries(languages.map((lang) => [lang, pick(TEXTS[lang])]));
	const first = TEXTS[languages[0] ?? 'en'];
	const packJson = {
		schemaVersion: 1,
		id,
		version: '0.1.0',
		title: perLang((x) => x.packTitle),
		description: perLang((x) => x.packDescription),
		languages,
		publisher: { name: options.publisher?.trim() || first.publisher },
		license: 'CC-BY-4.0',
		tags: [],
		audience: ['general'],
		sources: [
			{
				title: 'Home page (replace with the sources of your facts)',
				publisher: 'World Health Organization',
				url: 'https://www.who.int/',
				accessed: date
			}
		],
		changelog: [{ version: '0.1.0', date, notes: perLang((x) => x.firstVersion) }]
	};
	const files = new Map<string, string>([
		['pack.json', `${JSON.stringify(packJson, null, '\t')}\n`]
	]);
	for (const lang of languages) files.set(`01-start-here.${lang}.md`, TEXTS[lang].lesson);
	return files;
}

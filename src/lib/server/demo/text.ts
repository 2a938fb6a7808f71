/**
 * The demo's data and what `linli demo` prints, in the three languages (the types make every text
 * exist in each). A Hong Kong estate and its neighbour, as the committee would describe them.
 */
import type { Lang } from '../../i18n/languages';
import type { Skill } from '../../shared/volunteer';

type Text = Record<Lang, string>;

interface DemoTask {
	/** Index into `neighbourhoods`. */
	neighbourhood: number;
	title: Text;
	place: Text;
	address: Text;
	description: Text;
	inDays: number;
	atHour: number;
	hours: number;
	slots: number;
	skills: Skill[];
}

export const DEMO_TEXT = {
	neighbourhoods: [
		{
			names: {
				en: 'Wah Fu Estate (demo)',
				'zh-Hant': '華富邨（示範）',
				'zh-Hans': '华富邨（示范）'
			},
			description: {
				en: 'A demo neighbourhood: residents’ committee of Blocks 1–6.',
				'zh-Hant': '示範社區：第一至六座互助委員會。',
				'zh-Hans': '示范社区：第一至六座互助委员会。'
			}
		},
		{
			names: {
				en: 'Tin Wan Village (demo)',
				'zh-Hant': '田灣村（示範）',
				'zh-Hans': '田湾村（示范）'
			},
			description: {
				en: 'A second demo neighbourhood, to see that each one keeps its own tasks.',
				'zh-Hant': '第二個示範社區：每個社區的工作各自分開。',
				'zh-Hans': '第二个示范社区：每个社区的任务各自分开。'
			}
		}
	],
	organizerName: { en: 'Demo organizer', 'zh-Hant': '示範組織者', 'zh-Hans': '示范组织者' },
	tasks: [
		{
			neighbourhood: 0,
			title: {
				en: 'Deliver hot meals to older neighbours',
				'zh-Hant': '為長者鄰居送熱飯',
				'zh-Hans': '为老年邻居送热饭'
			},
			place: { en: 'Block 3 lobby', 'zh-Hant': '第三座大堂', 'zh-Hans': '第三座大堂' },
			address: { en: 'Block 3, ground floor', 'zh-Hant': '第三座地下', 'zh-Hans': '第三座一楼' },
			description: {
				en: 'Collect the boxes at the lobby and bring them to twelve flats in Blocks 3 and 4.',
				'zh-Hant': '在大堂領取飯盒，送到第三、四座的十二個單位。',
				'zh-Hans': '在大堂领取饭盒，送到第三、四座的十二户人家。'
			},
			inDays: 1,
			atHour: 2,
			hours: 2,
			slots: 4,
			skills: ['delivery', 'elderlyCare']
		},
		{
			neighbourhood: 0,
			title: {
				en: 'Check the emergency kits in the community hall',
				'zh-Hant': '檢查社區會堂的應急包',
				'zh-Hans': '检查社区活动室的应急包'
			},
			place: { en: 'Community hall', 'zh-Hant': '社區會堂', 'zh-Hans': '社区活动室' },
			address: { en: 'Block 1, 1st floor', 'zh-Hant': '第一座一樓', 'zh-Hans': '第一座二楼' },
			description: {
				en: 'Replace expired water and batteries; note what is missing.',
				'zh-Hant': '更換過期的食水和電池，記下欠缺的物品。',
				'zh-Hans': '更换过期的饮用水和电池，记下缺少的物品。'
			},
			inDays: 3,
			atHour: 0,
			hours: 3,
			slots: 2,
			skills: ['firstAid']
		},
		{
			neighbourhood: 0,
			title: {
				en: 'Help residents set up the Linli app',
				'zh-Hant': '協助居民安裝鄰里應用程式',
				'zh-Hans': '协助居民安装邻里应用'
			},
			place: { en: 'Estate office', 'zh-Hant': '屋邨辦事處', 'zh-Hans': '小区办事处' },
			address: { en: 'Block 2, ground floor', 'zh-Hant': '第二座地下', 'zh-Hans': '第二座一楼' },
			description: {
				en: 'Show neighbours how to scan the join QR code and read a lesson offline.',
				'zh-Hant': '教鄰居掃描加入二維碼，以及離線閱讀課程。',
				'zh-Hans': '教邻居扫描加入二维码，以及离线阅读课程。'
			},
			inDays: 6,
			atHour: 1,
			hours: 2,
			slots: 3,
			skills: ['itHelp']
		},
		{
			neighbourhood: 1,
			title: {
				en: 'Clean the village playground',
				'zh-Hant': '清潔村內遊樂場',
				'zh-Hans': '清洁村内游乐场'
			},
			place: { en: 'Playground', 'zh-Hant': '遊樂場', 'zh-Hans': '游乐场' },
			address: { en: 'Next to the bus stop', 'zh-Hant': '巴士站旁', 'zh-Hans': '公交站旁' },
			description: {
				en: 'Gloves and bags are provided.',
				'zh-Hant': '會提供手套和垃圾袋。',
				'zh-Hans': '会提供手套和垃圾袋。'
			},
			inDays: 2,
			atHour: 1,
			hours: 2,
			slots: 6,
			skills: []
		}
	] satisfies DemoTask[],
	/** What the command prints. {{…}} are filled in. */
	messages: {
		en: {
			done: 'The demo is ready ({{where}}).',
			signIn: 'Organizer sign-in: {{url}}',
			email: '  E-mail:   {{email}}',
			password: '  Password: {{password}}',
			organizes: '  Organizes: {{name}}',
			join: 'Join links (open one on a phone, or print its QR code from the neighbourhood’s staff page):',
			tasks: '{{count}} tasks were added.',
			news: '{{name}} has {{announcements}} announcements (one of them urgent) and {{contacts}} contacts.',
			events:
				'{{count}} events with roles and sign-ups were added: open /events on a phone that joined.',
			admin:
				'To manage every neighbourhood, create an administrator: npx linli admin create --email you@example.org',
			hasResidents:
				'This database already holds residents: the demo only fills an empty one, so it never mixes with real people’s data. Point DATA_DIR or DATABASE_URL at a new database.',
			hasDemo:
				'The demo is in this database already. Sign in with the details printed the first time.'
		},
		'zh-Hant': {
			done: '示範資料已準備好（{{where}}）。',
			signIn: '組織者登入：{{url}}',
			email: '  電郵：{{email}}',
			password: '  密碼：{{password}}',
			organizes: '  負責社區：{{name}}',
			join: '加入連結（在手機上打開，或在該社區的職員頁面列印二維碼）：',
			tasks: '已加入 {{count}} 項工作。',
			news: '{{name}}已有 {{announcements}} 則公告（其中一則緊急）和 {{contacts}} 個聯絡資料。',
			events: '已加入 {{count}} 個設有角色和報名的活動：在已加入社區的手機上打開 /events 查看。',
			admin: '如要管理所有社區，請建立管理員：npx linli admin create --email you@example.org',
			hasResidents:
				'這個資料庫已有居民資料：示範只會填入空的資料庫，以免與真實居民的資料混在一起。請將 DATA_DIR 或 DATABASE_URL 指向新的資料庫。',
			hasDemo: '這個資料庫已有示範資料。請用第一次顯示的資料登入。'
		},
		'zh-Hans': {
			done: '示范数据已准备好（{{where}}）。',
			signIn: '组织者登录：{{url}}',
			email: '  邮箱：{{email}}',
			password: '  密码：{{password}}',
			organizes: '  负责社区：{{name}}',
			join: '加入链接（在手机上打开，或在该社区的工作人员页面打印二维码）：',
			tasks: '已添加 {{count}} 项任务。',
			news: '{{name}}已有 {{announcements}} 条通知（其中一条紧急）和 {{contacts}} 个联系方式。',
			events: '已添加 {{count}} 个设有角色和报名的活动：在已加入社区的手机上打开 /events 查看。',
			admin: '如需管理所有社区，请创建管理员：npx linli admin create --email you@example.org',
			hasResidents:
				'该数据库已有居民数据：示范只会填充空数据库，以免与真实居民的数据混在一起。请将 DATA_DIR 或 DATABASE_URL 指向新的数据库。',
			hasDemo: '该数据库中已有示范数据。请使用第一次显示的信息登录。'
		}
	}
} as const;

export type DemoMessage = keyof (typeof DEMO_TEXT.messages)['en'];

export function demoMessage(
	lang: Lang,
	key: DemoMessage,
	params: Record<string, string | number> = {}
): string {
	return DEMO_TEXT.messages[lang][key].replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
		String(params[name] ?? '')
	);
}
